-- expect: ok up=4 down=0

-- +goose Up
-- +goose StatementBegin
DELIMITER | 
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION shout( s CHAR(64) ) RETURNS CHAR(64) DETERMINISTIC
BEGIN 
  RETURN UPPER(s); 
END | 
-- +goose StatementEnd

-- +goose StatementBegin
DELIMITER ; 
-- +goose StatementEnd

select shout("hi") from dual;
-- +goose Down
