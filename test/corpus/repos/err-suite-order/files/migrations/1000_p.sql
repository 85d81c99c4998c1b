-- +goose Up
-- +goose StatementBegin
CREATE TABLE t3 (id int);
-- +goose StatementEnd

-- +goose Down
DROP TABLE t3;
