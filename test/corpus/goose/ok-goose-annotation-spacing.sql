-- expect: ok up=1 down=1
-- +goose   UP 	
SELECT 1;
-- +goose dOwN
SELECT 2;
