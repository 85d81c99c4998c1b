-- expect: error 1 byte order mark (BOM)
-- +goose Up
SELECT 1;
-- +goose Down
SELECT 2;
