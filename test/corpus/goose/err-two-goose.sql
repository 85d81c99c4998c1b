-- expect: error 2 more than one
-- +goose +goose Up
SELECT 1;
