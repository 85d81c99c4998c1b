-- expect: ok up=1 down=none
-- +goose Up
-- +goose ſtatementBegin
SELECT 1;
-- +goose StatementEnd
