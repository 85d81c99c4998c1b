-- expect: error 3 unknown goose annotation "Upp"
-- +goose Up
-- +goose Upp
SELECT 1;
