-- expect: error 3 missing semicolon?
-- +goose Up
SELECT 1 -- a semicolon in a comment does not end a statement;
