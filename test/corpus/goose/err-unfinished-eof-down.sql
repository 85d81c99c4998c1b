-- expect: error 6 end of the file (Down section)
-- +goose Up
CREATE TABLE a (id int);

-- +goose Down
DROP TABLE a
