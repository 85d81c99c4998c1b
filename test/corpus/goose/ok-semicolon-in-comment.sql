-- expect: ok up=2 down=0
-- +goose Up
CREATE TABLE t (
    id int -- this; does not end the statement
);
SELECT 1 -- nor does this;
;

-- +goose Down
