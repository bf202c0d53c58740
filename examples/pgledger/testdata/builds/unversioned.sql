SELECT pg_advisory_xact_lock(1015);
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
-- come from its own sequence or from a search for those left over, this
-- index is what keeps each unit to one grant.
CREATE UNIQUE INDEX IF NOT EXISTS relief_grants_serial ON relief_grants (item, serial);
-- Each item the ledger has seen: its cap (fixed by its first issue; 0
-- for none), a capped item's own sequence of serials, and how far the
-- search for serials left over has gone: every serial in 1..swept is held
-- or listed in relief_free. A table from the version before caps were
-- kept has no cap column, and rows only for capped items: the cap is
-- added, and set by the next issue of each item. A table from the version
-- before the sweep has filled (1..filled all held) in its place, which is
-- a sweep as far as filled.
CREATE TABLE IF NOT EXISTS relief_items (
	item    text     PRIMARY KEY,
	serials regclass,
	swept   bigint   NOT NULL DEFAULT 0 CHECK (swept >= 0)
);
ALTER TABLE relief_items ADD COLUMN IF NOT EXISTS cap bigint CHECK (cap >= 0);
ALTER TABLE relief_items ALTER COLUMN serials DROP NOT NULL;
ALTER TABLE relief_items ADD COLUMN IF NOT EXISTS swept bigint NOT NULL DEFAULT 0 CHECK (swept >= 0);
DO $$
BEGIN
	IF EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'relief_items' AND column_name = 'filled'
		AND table_schema = current_schema()) THEN
		UPDATE relief_items SET swept = greatest(swept, filled);
		ALTER TABLE relief_items DROP COLUMN filled;
	END IF;
END
$$;
-- Serials of a capped item that the sweep found held by no grant: taken
-- by an issue that failed or lost a race, skipped by a crash, or taken by
-- an issue still in flight when the sweep passed (so an entry is checked
-- against the grants when it is used).
CREATE TABLE IF NOT EXISTS relief_free (
	item   text   NOT NULL,
	serial bigint NOT NULL CHECK (serial > 0),
	PRIMARY KEY (item, serial)
);
CREATE SEQUENCE IF NOT EXISTS relief_item_ids;
-- relief_ensure_item registers an item with its cap the first time, and
-- returns the name of a capped item's sequence (NULL for an uncapped
-- one), creating the sequence the first time: it starts after the
-- highest serial the item's grants hold already, if any. An item asked
-- with another cap than the one it holds fails with RLCAP.
DROP FUNCTION IF EXISTS relief_ensure_item(text);
CREATE OR REPLACE FUNCTION relief_ensure_item(p_item text, p_cap bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	v_seq text;
	v_cap bigint;
	v_n int;
BEGIN
	SELECT serials::text, cap INTO v_seq, v_cap FROM relief_items WHERE item = p_item;
	IF NOT FOUND THEN
		IF p_cap > 0 THEN
			v_seq := 'relief_serial_' || nextval('relief_item_ids');
			EXECUTE format('CREATE SEQUENCE %I START %s', v_seq,
				1 + coalesce((SELECT max(serial) FROM relief_grants WHERE item = p_item), 0));
		END IF;
		INSERT INTO relief_items (item, serials, cap) VALUES (p_item, v_seq::regclass, p_cap) ON CONFLICT (item) DO NOTHING;
		GET DIAGNOSTICS v_n = ROW_COUNT;
		IF v_n = 1 THEN
			RETURN v_seq;
		END IF;
		-- A concurrent first issue registered it.
		IF v_seq IS NOT NULL THEN
			EXECUTE format('DROP SEQUENCE %I', v_seq);
		END IF;
		SELECT serials::text, cap INTO v_seq, v_cap FROM relief_items WHERE item = p_item;
	END IF;
	IF v_cap IS NULL THEN -- a row from the version before caps were kept
		UPDATE relief_items SET cap = p_cap WHERE item = p_item AND cap IS NULL;
		SELECT serials::text, cap INTO v_seq, v_cap FROM relief_items WHERE item = p_item;
	END IF;
	IF v_cap <> p_cap THEN
		RAISE EXCEPTION 'relief: item % has cap %, asked with %', p_item, v_cap, p_cap
			USING ERRCODE = 'RLCAP', DETAIL = v_cap::text;
	END IF;
	RETURN v_seq;
END
$$;
-- relief_past_cap fails the statement it is called in with RLPCP: the
-- fast statement for a lone capped issue calls it where it found the
-- sequence past the cap (DETAIL past) or lost a race to the recipient
-- (DETAIL raced), so that a transaction with the recipient's other grants
-- rolls back whole.
CREATE OR REPLACE FUNCTION relief_past_cap(p_item text, p_serial bigint, p_cap bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'relief: % has no serial from its sequence for this issue', p_item USING ERRCODE = 'RLPCP',
		DETAIL = CASE WHEN p_serial > p_cap THEN 'past' ELSE 'raced' END, HINT = p_item;
END
$$;
-- relief_sweep takes the search for serials left over one step further,
-- under the item's row lock: from swept, at most p_chunk serials, as far
-- as p_upto (at most the cap), it lists each serial no grant holds in
-- relief_free, and moves swept on. A step's cost is bounded by p_chunk,
-- and each step is its own transaction, so the search always advances,
-- however large the cap. It returns the new swept and how many serials
-- it listed.
CREATE OR REPLACE FUNCTION relief_sweep(p_item text, p_upto bigint, p_chunk bigint)
RETURNS TABLE (o_swept bigint, o_found bigint) LANGUAGE plpgsql AS $$
DECLARE
	v_from bigint;
	v_to bigint;
	v_cap bigint;
	v_first bigint;
	v_n bigint;
BEGIN
	SELECT swept, cap INTO v_from, v_cap FROM relief_items WHERE item = p_item FOR UPDATE;
	o_swept := v_from;
	o_found := 0;
	v_to := least(v_from + p_chunk, p_upto, v_cap);
	IF v_to > v_from THEN
		-- Before the first held serial of the step, then between each held
		-- serial and the next (the index gives them in order).
		SELECT min(serial) INTO v_first FROM relief_grants WHERE item = p_item AND serial > v_from AND serial <= v_to;
		INSERT INTO relief_free (item, serial)
			SELECT p_item, s FROM generate_series(v_from + 1, coalesce(v_first, v_to + 1) - 1) AS s
			ON CONFLICT DO NOTHING;
		GET DIAGNOSTICS v_n = ROW_COUNT;
		o_found := v_n;
		INSERT INTO relief_free (item, serial)
			SELECT p_item, f.s FROM (
				SELECT serial AS held, lead(serial, 1, v_to + 1) OVER (ORDER BY serial) AS next
				FROM relief_grants WHERE item = p_item AND serial > v_from AND serial <= v_to) h,
				generate_series(h.held + 1, h.next - 1) AS f(s)
			ON CONFLICT DO NOTHING;
		GET DIAGNOSTICS v_n = ROW_COUNT;
		o_found := o_found + v_n;
		UPDATE relief_items SET swept = v_to WHERE item = p_item;
		o_swept := v_to;
	END IF;
	RETURN NEXT;
END
$$;
-- relief_issue_units issues a capped item (p_item, of p_cap units, its
-- serials from the sequence p_seq) to recipients (p_recipients, issued at
-- p_issued_at, expiring at p_expires, index by index), and returns a row
-- per recipient in order: its new grant, the grant it held already, or
-- sold out. Those that hold no grant yet take serials from the sequence
-- while it is within the cap; past it, serials the sweep listed in
-- relief_free (each checked against the grants: one an issue in flight
-- took when the sweep passed is dropped). Where none is listed and the
-- sweep has not reached the cap, the function fails with RLSWP: the
-- caller sweeps, in transactions of its own, and tries again. They are
-- sold out when the sweep has reached the cap and none is listed. So no
-- issue walks the item's grants: the cost of the last unit does not grow
-- with the cap.
-- Where a concurrent issue to one of the recipients committed after the
-- check for held grants, the grant's primary key refuses the insert and
-- the function fails with a serialization failure (40001); where a
-- listed serial turns out to be a concurrent issue's, the unique index
-- on serials fails it (23505). Either way the whole batch is tried again,
-- and sees what the other issue committed.
CREATE OR REPLACE FUNCTION relief_issue_units(p_item text, p_cap bigint, p_seq regclass, p_recipients text[],
	p_issued_at timestamptz[], p_expires timestamptz[])
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean, o_new boolean)
LANGUAGE plpgsql AS $$
DECLARE
	v_want bigint[]; -- the ordinals of the recipients that hold no grant
	v_serials bigint[];
	v_listed bigint[];
	v_free bigint[];
	v_inserted int;
	v_j int;
BEGIN
	-- Who holds a grant already, each lookup a probe of the primary key
	-- (OFFSET 0 keeps the planner from joining the whole table).
	SELECT coalesce(array_agg(r.ord ORDER BY r.ord), '{}') INTO v_want
		FROM unnest(p_recipients) WITH ORDINALITY AS r(recipient, ord)
		LEFT JOIN LATERAL (SELECT 1 AS held FROM relief_grants g
			WHERE g.item = p_item AND g.recipient = r.recipient OFFSET 0) h ON true
		WHERE h.held IS NULL;
	-- Serials from the sequence, as far as the cap.
	v_serials := ARRAY(SELECT n.s FROM (SELECT nextval(p_seq) AS s FROM generate_series(1, cardinality(v_want)) OFFSET 0) n
		WHERE n.s <= p_cap);
	-- Past the cap, serials the sweep listed, in order, locked until this
	-- transaction ends; those a grant holds are dropped from the list.
	WHILE cardinality(v_serials) < cardinality(v_want) LOOP
		WITH taken AS (
			DELETE FROM relief_free f WHERE f.item = p_item AND f.serial IN (
				SELECT serial FROM relief_free WHERE item = p_item ORDER BY serial
				LIMIT cardinality(v_want) - cardinality(v_serials) FOR UPDATE)
			RETURNING f.serial)
		SELECT coalesce(array_agg(t.serial ORDER BY t.serial), '{}'),
			coalesce(array_agg(t.serial ORDER BY t.serial) FILTER (WHERE g.serial IS NULL), '{}')
			INTO v_listed, v_free
			FROM taken t LEFT JOIN relief_grants g ON g.item = p_item AND g.serial = t.serial;
		EXIT WHEN cardinality(v_listed) = 0;
		v_serials := v_serials || v_free;
	END LOOP;
	IF cardinality(v_serials) < cardinality(v_want) AND (SELECT swept FROM relief_items WHERE item = p_item) < p_cap THEN
		RAISE EXCEPTION 'relief: % needs a sweep', p_item USING ERRCODE = 'RLSWP', HINT = p_item;
	END IF;
	IF cardinality(v_serials) > 0 THEN
		INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
			SELECT p_item, p_recipients[w.ord], w.serial, p_issued_at[w.ord], p_expires[w.ord]
			FROM unnest(v_want[1:cardinality(v_serials)], v_serials) AS w(ord, serial)
			ON CONFLICT (item, recipient) DO NOTHING;
		GET DIAGNOSTICS v_inserted = ROW_COUNT;
		IF v_inserted < cardinality(v_serials) THEN
			RAISE EXCEPTION 'relief: a concurrent issue of % to one of % recipients', p_item, cardinality(p_recipients)
				USING ERRCODE = '40001';
		END IF;
	END IF;
	-- A recipient with a serial is new; any other holds a grant, or,
	-- wanting one without a serial, is sold out.
	v_j := 1; -- the next of v_want
	FOR v_ord IN 1 .. cardinality(p_recipients) LOOP
		IF v_j <= cardinality(v_want) AND v_want[v_j] = v_ord THEN
			v_j := v_j + 1;
			IF v_j - 1 <= cardinality(v_serials) THEN
				o_serial := v_serials[v_j - 1];
				o_issued_at := p_issued_at[v_ord];
				o_expires := p_expires[v_ord];
				o_sold_out := false;
				o_new := true;
				RETURN NEXT;
				CONTINUE;
			END IF;
		END IF;
		SELECT g.serial, g.issued_at, g.expires INTO o_serial, o_issued_at, o_expires
			FROM relief_grants g WHERE g.item = p_item AND g.recipient = p_recipients[v_ord];
		o_sold_out := NOT FOUND;
		o_new := false;
		RETURN NEXT;
	END LOOP;
END
$$;
