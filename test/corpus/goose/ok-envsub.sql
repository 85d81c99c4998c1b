-- expect: ok up=2 down=1
-- +goose ENVSUB ON
-- +goose Up
CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA};
-- +goose ENVSUB OFF
SELECT '${not_substituted}';

-- +goose Down
DROP SCHEMA ${APP_SCHEMA};
