-- expect: error 1 byte order mark (BOM)
-- +goose Up
CREATE TABLE crlf (
    id int
);
-- +goose StatementBegin
CREATE FUNCTION crlf_f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- +goose Down
DROP TABLE crlf;
