-- expect: error 12 duplicate
-- +goose Up
CREATE TABLE post (
    id int NOT NULL,
    PRIMARY KEY (id)
);

-- +goose Down
DROP TABLE post;


-- +goose Up
CREATE TABLE post2 (id int);
