-- expect: ok up=1 down=none

-- +goose Up
-- +goose StatementBegin
COPY public.colour (id, name) FROM stdin;
1	red
2	green
3	blue
\.
-- +goose StatementEnd
