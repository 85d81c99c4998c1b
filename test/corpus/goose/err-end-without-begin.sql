-- expect: error 4 without a matching
-- +goose Up
CREATE TABLE a (id int);
-- +goose StatementEnd
