-- expect: error 3 SQL before
-- The Up annotation is missing, so this statement has no section.
CREATE TABLE a (id int);
