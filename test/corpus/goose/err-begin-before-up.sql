-- expect: error 2 StatementBegin' before
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
-- +goose StatementEnd
-- +goose Up
SELECT 1;
