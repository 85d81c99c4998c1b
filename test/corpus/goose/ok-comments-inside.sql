-- expect: ok up=3 down=1
-- +goose Up
-- This leading comment is dropped.

CREATE TABLE orders (
    -- kept: the statement has started
    id serial PRIMARY KEY,

    total numeric -- kept as well
);
-- dropped: between statements
SELECT 1; SELECT 2;
INSERT INTO orders (total)
-- kept
VALUES (1);

-- +goose Down
-- dropped
DROP TABLE orders;
