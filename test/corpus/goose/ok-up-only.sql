-- expect: ok up=1 down=none
-- A Down section is optional for goose.
-- +goose Up
CREATE TABLE audit_log (id bigserial PRIMARY KEY, entry text);
