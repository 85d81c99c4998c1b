-- expect: ok up=2 down=1
-- +goose Up
CREATE TABLE t (id int); -- the table
INSERT INTO t VALUES (1) ;   -- a space before the semicolon is fine

-- +goose Down
DROP TABLE t; -- gone
