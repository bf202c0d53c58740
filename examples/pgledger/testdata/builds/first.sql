SELECT pg_advisory_xact_lock(1015);
CREATE TABLE IF NOT EXISTS relief_items (
	item   text   PRIMARY KEY,
	issued bigint NOT NULL DEFAULT 0 CHECK (issued >= 0)
);
CREATE TABLE IF NOT EXISTS relief_grants (
	item      text        NOT NULL,
	recipient text        NOT NULL,
	serial    bigint      NOT NULL CHECK (serial > 0),
	issued_at timestamptz NOT NULL,
	expires   timestamptz,
	PRIMARY KEY (item, recipient),
	UNIQUE (item, serial)
);
CREATE INDEX IF NOT EXISTS relief_grants_recipient ON relief_grants (recipient);
