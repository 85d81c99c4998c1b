-- expect: error 2 indented
	-- +goose Up
SELECT 1;
