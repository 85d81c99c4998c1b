-- expect: ok up=1 down=0
-- options: requireDown
-- An empty Down section still counts as a Down section.
-- +goose Up
ALTER TABLE users ADD COLUMN email text;

-- +goose Down
