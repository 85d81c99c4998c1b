-- expect: ok up=2 down=1
-- +goose up
-- +goose STATEMENTBEGIN
CREATE FUNCTION one() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
-- +goose statementend
--+goose   No Transaction
SELECT one();
-- +goose DOWN
DROP FUNCTION one();
