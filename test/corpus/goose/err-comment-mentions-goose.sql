-- expect: error 4 unknown goose annotation
-- +goose Up
-- Any comment line that mentions the marker is read as an annotation:
-- written for +goose v3
SELECT 1;
