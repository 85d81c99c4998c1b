-- expect: error 5 inside the StatementBegin block opened on line 3
-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
-- +goose Down
DROP FUNCTION f();
