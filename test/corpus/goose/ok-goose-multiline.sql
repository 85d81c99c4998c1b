-- expect: ok up=4 down=1
-- +goose Up
CREATE TABLE note (
    id int NOT NULL,
    body text,
    PRIMARY KEY (id)
);                  -- first

-- a comment between statements
SELECT 2;           -- second
SELECT 3; SELECT 3; -- third: two on one line are one statement
SELECT 4;           -- fourth

-- +goose Down
-- a comment
DROP TABLE note;    -- first
