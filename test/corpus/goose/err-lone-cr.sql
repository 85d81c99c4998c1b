-- expect: error 2 unknown goose annotation
-- +goose UpSELECT 1;
