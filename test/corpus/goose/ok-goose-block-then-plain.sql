-- expect: ok up=2 down=2

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION touch_updated_at()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$ language 'plpgsql';
-- +goose StatementEnd

CREATE TRIGGER item_touch
BEFORE UPDATE
ON item
FOR EACH ROW EXECUTE PROCEDURE touch_updated_at();

-- +goose Down
DROP TRIGGER item_touch ON item;
DROP FUNCTION touch_updated_at();
