-- expect: error 4 indented
-- +goose Up
SELECT 1;
  -- +goose Down
SELECT 2;
