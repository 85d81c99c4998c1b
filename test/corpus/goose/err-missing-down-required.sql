-- expect: error none Down' section
-- options: requireDown
-- +goose Up
CREATE TABLE a (id int);
