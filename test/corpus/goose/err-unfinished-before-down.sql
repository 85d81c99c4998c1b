-- expect: error 4 unfinished SQL statement before
-- +goose Up
SELECT 1;
ALTER TABLE a
    ADD COLUMN b int

-- +goose Down
ALTER TABLE a DROP COLUMN b;
