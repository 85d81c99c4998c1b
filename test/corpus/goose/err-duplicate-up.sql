-- expect: error 6 duplicate
-- +goose Up
CREATE TABLE a (id int);
-- +goose Down
DROP TABLE a;
-- +goose Up
CREATE TABLE b (id int);
