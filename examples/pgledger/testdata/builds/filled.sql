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
-- A capped item's own sequence of serials, and how far its serials are
-- known to be all held: 1..filled (where the search for one left over
-- starts).
CREATE TABLE IF NOT EXISTS relief_items (
	item    text     PRIMARY KEY,
	serials regclass NOT NULL,
	filled  bigint   NOT NULL DEFAULT 0 CHECK (filled >= 0)
);
CREATE SEQUENCE IF NOT EXISTS relief_item_ids;
-- relief_ensure_item returns the name of a capped item's sequence,
-- creating it (with the item's row) the first time: it starts after the
-- highest serial the item's grants hold already, if any.
CREATE OR REPLACE FUNCTION relief_ensure_item(p_item text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	v_seq text;
	v_n int;
BEGIN
	SELECT serials::text INTO v_seq FROM relief_items WHERE item = p_item;
	IF FOUND THEN
		RETURN v_seq;
	END IF;
	v_seq := 'relief_serial_' || nextval('relief_item_ids');
	EXECUTE format('CREATE SEQUENCE %I START %s', v_seq,
		1 + coalesce((SELECT max(serial) FROM relief_grants WHERE item = p_item), 0));
	INSERT INTO relief_items (item, serials) VALUES (p_item, v_seq::regclass) ON CONFLICT (item) DO NOTHING;
	GET DIAGNOSTICS v_n = ROW_COUNT;
	IF v_n = 0 THEN -- a concurrent first issue made it
		EXECUTE format('DROP SEQUENCE %I', v_seq);
		SELECT serials::text INTO v_seq FROM relief_items WHERE item = p_item;
	END IF;
	RETURN v_seq;
END
$$;
-- relief_issue_units issues a capped item (p_item, of p_cap units, its
-- serials from the sequence p_seq) to recipients (p_recipients, issued at
-- p_issued_at, expiring at p_expires, index by index), and returns a row
-- per recipient in order: its new grant, the grant it held already, or
-- sold out. Those that hold no grant yet take serials from the sequence
-- while it is within the cap; past it, serials left over (taken by issues
-- that failed, or skipped by a crash) are looked for under the item's row
-- lock, from the last one found; they are sold out when none is left.
-- Where a concurrent issue to one of the recipients committed after the
-- check for held grants, the grant's primary key refuses the insert and
-- the function fails with a serialization failure (40001); where a
-- serial left over turns out to be a concurrent issue's, the unique index
-- on serials fails it (23505). Either way the whole batch is tried again,
-- and sees what the other issue committed.
CREATE OR REPLACE FUNCTION relief_issue_units(p_item text, p_cap bigint, p_seq regclass, p_recipients text[],
	p_issued_at timestamptz[], p_expires timestamptz[])
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean, o_new boolean)
LANGUAGE plpgsql AS $$
DECLARE
	v_want bigint[]; -- the ordinals of the recipients that hold no grant
	v_serials bigint[];
	v_from bigint;
	v_s bigint;
	v_held bigint;
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
	-- Past the cap, serials left over, one search at a time under the
	-- item's row lock, unless the item is known to be sold out.
	IF cardinality(v_serials) < cardinality(v_want)
		AND (SELECT filled FROM relief_items WHERE item = p_item) < p_cap THEN
		SELECT filled INTO v_from FROM relief_items WHERE item = p_item FOR UPDATE;
		WHILE cardinality(v_serials) < cardinality(v_want) AND v_from < p_cap LOOP
			-- The first serial after v_from that no grant holds, walking
			-- the held ones in order on the index as far as a gap.
			v_s := v_from;
			FOR v_held IN SELECT serial FROM relief_grants WHERE item = p_item AND serial > v_from AND serial <= p_cap
				ORDER BY serial LOOP
				EXIT WHEN v_held > v_s + 1;
				v_s := v_held;
			END LOOP;
			v_from := v_s + 1;
			IF v_from <= p_cap THEN
				v_serials := v_serials || v_from;
			END IF;
		END LOOP;
		UPDATE relief_items SET filled = least(v_from, p_cap) WHERE item = p_item;
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
