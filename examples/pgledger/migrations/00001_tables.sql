-- The ledger's tables, from an empty database or from the tables of any
-- earlier build of pgledger (which created them at start, with no
-- version): every statement is a no-op where its work is done already.
--
-- relief_grants has kept one shape since the first build; relief_items
-- has had three before this one:
--   - the first build's (item, issued) counted each item's grants, and
--     relief_grants had UNIQUE (item, serial) as a constraint;
--   - then (item, serials, filled), rows for capped items only: each
--     item's own sequence, and 1..filled all held;
--   - then with cap (NULL in rows from before) and serials NULL for an
--     uncapped item.
-- A row of the first build's table holds nothing the grants do not, and
-- no sequence: the table is dropped, and each item registers again at
-- its next issue (relief_ensure_item), its sequence starting after the
-- highest serial its grants hold.

-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
	IF EXISTS (SELECT FROM information_schema.columns WHERE table_schema = current_schema()
		AND table_name = 'relief_items' AND column_name = 'issued') THEN
		DROP TABLE relief_items;
	END IF;
END
$$;
-- +goose StatementEnd

-- Serials of uncapped items, shared by them all.
CREATE SEQUENCE IF NOT EXISTS relief_serial;

CREATE TABLE IF NOT EXISTS relief_grants (
	item      text        NOT NULL,
	recipient text        NOT NULL,
	serial    bigint      NOT NULL CHECK (serial > 0),
	issued_at timestamptz NOT NULL,
	expires   timestamptz,
	PRIMARY KEY (item, recipient)
);
CREATE INDEX IF NOT EXISTS relief_grants_recipient ON relief_grants (recipient);

-- No serial of an item is held twice: for a capped item, whose serials
-- come from its own sequence or from the sweep's list of those left
-- over, this index is what keeps each unit to one grant. It replaces the
-- first build's constraint.
CREATE UNIQUE INDEX IF NOT EXISTS relief_grants_serial ON relief_grants (item, serial);
ALTER TABLE relief_grants DROP CONSTRAINT IF EXISTS relief_grants_item_serial_key;

-- The first build counted serials per item, without relief_serial: the
-- shared sequence starts after every serial held, so that no uncapped
-- item takes one its grants hold.
SELECT setval('relief_serial', m) FROM (SELECT max(serial) AS m FROM relief_grants) h
	WHERE m > (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM relief_serial);

-- Each item the ledger has seen: its cap (fixed by its first issue; 0
-- for none; NULL in a row from the build before caps were kept, set by
-- the item's next issue), a capped item's own sequence of serials, and
-- how far the sweep for serials left over has gone: every serial in
-- 1..swept is held or listed in relief_free.
CREATE TABLE IF NOT EXISTS relief_items (
	item    text     PRIMARY KEY,
	serials regclass,
	cap     bigint   CHECK (cap >= 0),
	swept   bigint   NOT NULL DEFAULT 0 CHECK (swept >= 0)
);
ALTER TABLE relief_items ADD COLUMN IF NOT EXISTS cap bigint CHECK (cap >= 0);
ALTER TABLE relief_items ALTER COLUMN serials DROP NOT NULL;
ALTER TABLE relief_items ADD COLUMN IF NOT EXISTS swept bigint NOT NULL DEFAULT 0 CHECK (swept >= 0);
-- +goose StatementBegin
DO $$
BEGIN
	-- The build before the sweep: 1..filled all held is a sweep as far.
	IF EXISTS (SELECT FROM information_schema.columns WHERE table_schema = current_schema()
		AND table_name = 'relief_items' AND column_name = 'filled') THEN
		UPDATE relief_items SET swept = greatest(swept, filled);
		ALTER TABLE relief_items DROP COLUMN filled;
	END IF;
END
$$;
-- +goose StatementEnd

-- Serials of a capped item that the sweep found held by no grant: taken
-- by an issue that failed or lost a race, skipped by a crash, or taken by
-- an issue still in flight when the sweep passed (so an entry is checked
-- against the grants when it is used).
CREATE TABLE IF NOT EXISTS relief_free (
	item   text   NOT NULL,
	serial bigint NOT NULL CHECK (serial > 0),
	PRIMARY KEY (item, serial)
);

-- Names the capped items' sequences: relief_serial_1, relief_serial_2, ...
CREATE SEQUENCE IF NOT EXISTS relief_item_ids;

-- No Down: a tool does not drop the ledger's grants.
