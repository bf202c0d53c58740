-- relief_issue_units as in 00004, but sold out only on what one moment
-- shows. 00004 read the list of serials left over (relief_free) in one
-- statement and how far the sweep had gone (relief_items.swept) in a
-- later one. A sweep that committed between the two had listed serials
-- the first did not see, and had reached the cap in the second: the
-- recipients past the sequence were refused as sold out while serials
-- were listed, and those serials were never issued. Now swept is read
-- first, before the list: where it had reached the cap, every serial it
-- listed is in the list the later statement reads; where it had not, the
-- function fails with RLSWP and the caller sweeps and tries again.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION relief_issue_units(p_item text, p_cap bigint, p_seq regclass, p_recipients text[],
	p_issued_at timestamptz[], p_expires timestamptz[])
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean, o_new boolean)
LANGUAGE plpgsql AS $$
DECLARE
	v_id int;
	v_want bigint[];
	v_serials bigint[];
	v_listed bigint[];
	v_free bigint[];
	v_inserted int;
	v_j int;
	v_swept bigint;
BEGIN
	-- How far the sweep had gone before the list of serials left over is
	-- read: a sweep that committed by then listed its serials by then.
	SELECT id, swept INTO v_id, v_swept FROM relief_items WHERE item = p_item;
	SELECT coalesce(array_agg(r.ord ORDER BY r.ord), '{}') INTO v_want
		FROM unnest(p_recipients) WITH ORDINALITY AS r(recipient, ord)
		LEFT JOIN LATERAL (SELECT 1 AS held FROM relief_grants g
			WHERE g.item_id = v_id AND g.recipient = r.recipient OFFSET 0) h ON true
		WHERE h.held IS NULL;
	v_serials := ARRAY(SELECT n.s FROM (SELECT nextval(p_seq) AS s FROM generate_series(1, cardinality(v_want)) OFFSET 0) n
		WHERE n.s <= p_cap);
	WHILE cardinality(v_serials) < cardinality(v_want) LOOP
		WITH taken AS (
			DELETE FROM relief_free f WHERE f.item = p_item AND f.serial IN (
				SELECT serial FROM relief_free WHERE item = p_item ORDER BY serial
				LIMIT cardinality(v_want) - cardinality(v_serials) FOR UPDATE)
			RETURNING f.serial)
		SELECT coalesce(array_agg(t.serial ORDER BY t.serial), '{}'),
			coalesce(array_agg(t.serial ORDER BY t.serial) FILTER (WHERE g.serial IS NULL), '{}')
			INTO v_listed, v_free
			FROM taken t LEFT JOIN relief_grants g ON g.item_id = v_id AND g.capped AND g.serial = t.serial;
		EXIT WHEN cardinality(v_listed) = 0;
		v_serials := v_serials || v_free;
	END LOOP;
	IF cardinality(v_serials) < cardinality(v_want) AND v_swept < p_cap THEN
		RAISE EXCEPTION 'relief: % needs a sweep', p_item USING ERRCODE = 'RLSWP', HINT = p_item;
	END IF;
	IF cardinality(v_serials) > 0 THEN
		INSERT INTO relief_grants (item_id, capped, recipient, serial, issued_at, expires)
			SELECT v_id, true, p_recipients[w.ord], w.serial, p_issued_at[w.ord], p_expires[w.ord]
			FROM unnest(v_want[1:cardinality(v_serials)], v_serials) AS w(ord, serial)
			ON CONFLICT (item_id, recipient) DO NOTHING;
		GET DIAGNOSTICS v_inserted = ROW_COUNT;
		IF v_inserted < cardinality(v_serials) THEN
			RAISE EXCEPTION 'relief: a concurrent issue of % to one of % recipients', p_item, cardinality(p_recipients)
				USING ERRCODE = '40001';
		END IF;
	END IF;
	v_j := 1;
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
			FROM relief_grants g WHERE g.item_id = v_id AND g.recipient = p_recipients[v_ord];
		o_sold_out := NOT FOUND;
		o_new := false;
		RETURN NEXT;
	END LOOP;
END
$$;
-- +goose StatementEnd

-- No Down: 00004 is the function with the race.
