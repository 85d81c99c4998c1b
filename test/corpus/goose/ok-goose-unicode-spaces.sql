-- expect: ok up=1 down=1
-- +goose Up　
SELECT 1;
 -- +goose Down
SELECT 2;
