-- expect: ok up=3 down=2
-- +goose Up
CREATE TABLE emp (name text, salary integer, last_date timestamp);

-- +goose StatementBegin
CREATE FUNCTION emp_stamp() RETURNS trigger AS $emp_stamp$
    BEGIN
        -- Check that salary is given
        IF NEW.salary IS NULL THEN
            RAISE EXCEPTION '% cannot have null salary', NEW.name;
        END IF;
        NEW.last_date := current_timestamp;
        RETURN NEW;
    END;
$emp_stamp$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER emp_stamp BEFORE INSERT OR UPDATE ON emp
    FOR EACH ROW EXECUTE FUNCTION emp_stamp();

-- +goose Down
-- +goose StatementBegin
DROP TRIGGER emp_stamp ON emp
-- +goose StatementEnd
DROP FUNCTION emp_stamp();
