-- The floor for the PostgreSQL ledger: one INSERT with a primary key per
-- transaction, of a row shaped like a grant (pgbench -f insert.sql).
\set r random(1, 9000000000000000000)
INSERT INTO relief_pgbench (item, recipient, serial, issued_at) VALUES ('bench', 'user-' || :r, :r, now());
