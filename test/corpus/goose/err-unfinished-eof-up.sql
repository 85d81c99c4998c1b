-- expect: error 5 end of the file (Up section)
-- +goose Up
SELECT 1;
-- the next statement has no semicolon
SELECT 2
