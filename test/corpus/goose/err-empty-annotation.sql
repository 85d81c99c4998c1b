-- expect: error 3 empty goose annotation
-- +goose Up
-- +goose
SELECT 1;
