-- expect: error 5 nested
-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
-- +goose StatementBegin
CREATE FUNCTION g() RETURNS int AS $$ BEGIN RETURN 2; END; $$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementEnd
