-- +goose Up
-- +goose StatementBegin
CREATE TABLE t1 (id int);
-- +goose StatementEnd

-- +goose Down
DROP TABLE t1;
