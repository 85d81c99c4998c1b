-- expect: error 2 must start with
-- +goose Down
DROP TABLE a;
-- +goose Up
CREATE TABLE a (id int);
