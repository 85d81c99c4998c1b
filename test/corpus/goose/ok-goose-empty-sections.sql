-- expect: ok up=0 down=0


-- a comment before the annotation
-- +goose Up

-- a comment
-- +goose Down

