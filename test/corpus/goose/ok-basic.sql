-- expect: ok up=2 down=2
-- +goose Up
CREATE TABLE users (
    id serial PRIMARY KEY,
    name text NOT NULL
);

CREATE INDEX users_name_idx ON users (name);

-- +goose Down
DROP INDEX users_name_idx;
DROP TABLE users;
