-- +goose Up
CREATE TABLE b (id int)
-- +goose Down
DROP TABLE b;
