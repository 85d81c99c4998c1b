-- +goose Up
-- +goose StatementBegin
CREATE TABLE t2 (id int);
-- +goose StatementEnd

-- +goose Down
DROP TABLE t2;
