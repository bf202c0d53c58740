// Package pgledger is a grants.Ledger on PostgreSQL, so that every replica
// of a service shares one ledger: one grant per item and recipient is
// enforced by a primary key, and a capped item's cap by counter rows that
// its issues increment under their row locks, so the cap holds across
// processes, not just goroutines. The cap is split into up to 8 stripes,
// each a counter row with its own range of serials: an issue tries the
// recipient's stripe, then the others in order, and is sold out only when
// every stripe is full. So a capped item's serials are unique and within
// 1..cap, and all of them are issued once it sells out, but they are not
// handed out in the order of issue. An uncapped item has no counter
// row: its issues are one INSERT each, taking serials from a sequence
// shared by every uncapped item (unique and rising per item, with gaps),
// so they never wait on each other. A batch (grants.Ledger.IssueBatch) is
// one round trip and one transaction, whatever its recipients: one
// statement for its uncapped grants and one for each capped item's, so
// that issuing one item to a thousand recipients costs about what a few
// single issues do. It passes grants/ledgertest against a real server.
package pgledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/grants"
)

var kst = grants.KST()

// schema creates the ledger's tables if they are missing. The advisory
// lock keeps replicas starting together from racing each other's CREATE.
const schema = `
SELECT pg_advisory_xact_lock(1015);
-- A capped item's units are split into stripes, each a counter row with
-- its own range of serials (base+1 .. base+quota), so that concurrent
-- issues of one item take different row locks.
CREATE TABLE IF NOT EXISTS relief_stripes (
	item   text   NOT NULL,
	stripe int    NOT NULL,
	base   bigint NOT NULL CHECK (base >= 0),
	quota  bigint NOT NULL CHECK (quota > 0),
	issued bigint NOT NULL DEFAULT 0 CHECK (issued >= 0 AND issued <= quota),
	PRIMARY KEY (item, stripe)
);
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
-- relief_retry fails the statement that calls it as a serialization
-- failure, which the ledger tries again.
CREATE OR REPLACE FUNCTION relief_retry() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'relief: a concurrent issue to the recipient won' USING ERRCODE = '40001';
END
$$;
-- relief_issue_capped issues a capped item (of p_cap units in at most
-- p_stripes stripes) to recipients (p_recipients, issued at p_issued_at,
-- expiring at p_expires, index by index), and returns a row per recipient
-- in order: its new grant, the grant it held already, or sold out. Those
-- that hold no grant yet take units from the item's stripes: all from the
-- first recipient's own stripe where it has room for them, else what is
-- left of each stripe in order (a stripe a concurrent issue holds is
-- waited for and looked at again); they are sold out when every stripe is
-- full. The stripes' row locks are held until the transaction ends. Where
-- a concurrent issue to one of several recipients committed after the
-- check for held grants, the grant's primary key refuses the insert, and
-- the function fails with a serialization failure (40001): the whole
-- batch is tried again, and the check then sees that grant. A lone
-- recipient (one whose own stripe issueCapped found full) skips the check
-- and gives its unit back when the insert finds its grant.
CREATE OR REPLACE FUNCTION relief_issue_capped(p_item text, p_cap bigint, p_stripes int, p_recipients text[],
	p_issued_at timestamptz[], p_expires timestamptz[])
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean, o_new boolean)
LANGUAGE plpgsql AS $$
DECLARE
	v_stripes int := least(p_stripes, p_cap); -- as ensureCounter made them
	v_first int := (hashtext(p_recipients[1]) & 2147483647) % v_stripes;
	v_want bigint[]; -- the ordinals of the recipients that hold no grant
	v_serials bigint[] := '{}';
	v_need int;
	v_stripe int; -- the stripe units were last taken from
	v_base bigint;
	v_issued bigint;
	v_quota bigint;
	v_take int;
	v_inserted int;
	v_j int;
BEGIN
	-- Who holds a grant already, each lookup a probe of the primary key
	-- (OFFSET 0 keeps the planner from joining the whole table). A lone
	-- recipient skips the lookup: its insert finds out.
	IF cardinality(p_recipients) = 1 THEN
		v_want := '{1}';
	ELSE
		SELECT coalesce(array_agg(r.ord ORDER BY r.ord), '{}') INTO v_want
			FROM unnest(p_recipients) WITH ORDINALITY AS r(recipient, ord)
			LEFT JOIN LATERAL (SELECT 1 AS held FROM relief_grants g
				WHERE g.item = p_item AND g.recipient = r.recipient OFFSET 0) h ON true
			WHERE h.held IS NULL;
	END IF;
	v_need := cardinality(v_want);
	-- Every unit needed from the first recipient's stripe, where it has
	-- room for them: one statement, one stripe locked.
	IF v_need > 0 THEN
		v_stripe := v_first;
		UPDATE relief_stripes SET issued = issued + v_need
			WHERE item = p_item AND stripe = v_stripe AND issued + v_need <= quota
			RETURNING base + issued INTO v_issued;
		IF FOUND THEN
			v_serials := ARRAY(SELECT generate_series(v_issued - v_need + 1, v_issued));
			v_need := 0;
		END IF;
	END IF;
	-- Else what is left of each stripe, in order of stripe, so that issues
	-- taking several lock them in one order. A full stripe is not locked.
	FOR v_next IN 0 .. v_stripes - 1 LOOP
		EXIT WHEN v_need = 0;
		SELECT base, issued, quota INTO v_base, v_issued, v_quota FROM relief_stripes
			WHERE item = p_item AND stripe = v_next AND issued < quota FOR UPDATE;
		CONTINUE WHEN NOT FOUND;
		v_stripe := v_next;
		v_take := least(v_need, v_quota - v_issued);
		UPDATE relief_stripes SET issued = issued + v_take WHERE item = p_item AND stripe = v_stripe;
		v_serials := v_serials || ARRAY(SELECT generate_series(v_base + v_issued + 1, v_base + v_issued + v_take));
		v_need := v_need - v_take;
	END LOOP;
	IF cardinality(v_serials) > 0 THEN
		INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
			SELECT p_item, p_recipients[w.ord], w.serial, p_issued_at[w.ord], p_expires[w.ord]
			FROM unnest(v_want[1:cardinality(v_serials)], v_serials) AS w(ord, serial)
			ON CONFLICT (item, recipient) DO NOTHING;
		GET DIAGNOSTICS v_inserted = ROW_COUNT;
		IF v_inserted = 0 AND cardinality(p_recipients) = 1 THEN
			-- The lone recipient held its grant: give the unit back to the
			-- stripe it came from, which no one else can have moved since.
			UPDATE relief_stripes SET issued = issued - 1 WHERE item = p_item AND stripe = v_stripe;
			v_serials := '{}';
		ELSIF v_inserted < cardinality(v_serials) THEN
			RAISE EXCEPTION 'relief: a concurrent issue of % to one of % recipients', p_item, cardinality(p_recipients)
				USING ERRCODE = '40001';
		END IF;
	END IF;
	-- A recipient with a unit is new. Any other holds a grant: one it
	-- held already, or one a concurrent issue to it committed while this
	-- one waited for a stripe (this statement sees it); else, wanting but
	-- without a unit, it is sold out.
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
`

// Ledger is a [grants.Ledger] on a PostgreSQL connection pool. It is safe
// for concurrent use, and any number of Ledgers, in any number of
// processes, may share one database.
type Ledger struct {
	pool     *pgxpool.Pool
	counters sync.Map // capped item IDs whose counter row exists
}

// New returns a ledger on pool, creating its tables if they are missing.
func New(ctx context.Context, pool *pgxpool.Pool) (*Ledger, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("pgledger: creating the schema: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, schema); err != nil {
		return nil, fmt.Errorf("pgledger: creating the schema: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("pgledger: creating the schema: %w", err)
	}
	return &Ledger{pool: pool}, nil
}

const selectGrant = `SELECT item, recipient, serial, issued_at, expires FROM relief_grants`

func scanGrant(row pgx.Row) (grants.Grant, error) {
	var g grants.Grant
	var expires *time.Time
	if err := row.Scan(&g.Item, &g.Recipient, &g.Serial, &g.IssuedAt, &expires); err != nil {
		return grants.Grant{}, err
	}
	g.IssuedAt = g.IssuedAt.In(kst)
	if expires != nil {
		g.Expires = expires.In(kst)
	}
	return g, nil
}

// issueFree issues one uncapped item in one plain statement: the INSERT
// with a serial from the shared sequence, or else the grant already held
// as this statement's snapshot sees it. Like every issuing statement here
// it returns serial, issue time, expiry, sold out and new.
const issueFree = `WITH ins AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	VALUES ($1, $2, nextval('relief_serial'), $3, $4)
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING serial, issued_at, expires)
SELECT serial, issued_at, expires, false, true FROM ins
UNION ALL
SELECT serial, issued_at, expires, false, false FROM relief_grants WHERE item = $1 AND recipient = $2
LIMIT 1`

// issueFreeBatch issues uncapped items to one recipient ($1) in one
// statement: $2 the items, $3 their expiries, $4 the issue time. It
// returns, per item in order, the new grant or the one already held; no
// grant where a concurrent issue to the recipient committed after this
// statement's snapshot (try again). One claimant's entitlement, the
// service's every claim, takes this form.
const issueFreeBatch = `WITH req AS (
	SELECT * FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS r(item, expires, ord)),
ins AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	SELECT item, $1, nextval('relief_serial'), $4, expires FROM req ORDER BY ord
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING item, serial, issued_at, expires)
SELECT coalesce(i.serial, g.serial), coalesce(i.issued_at, g.issued_at), coalesce(i.expires, g.expires), false, i.item IS NOT NULL
FROM req LEFT JOIN ins i USING (item)
	LEFT JOIN relief_grants g ON i.item IS NULL AND g.item = req.item AND g.recipient = $1
ORDER BY req.ord`

// issueFreeBulk is issueFreeBatch for many recipients: $1 the items, $2
// their recipients, $3 the issue times, $4 the expiries, index by index.
// It inserts in order of item and recipient, so that concurrent batches
// wait on each other's keys in one order, and looks each held grant up
// by its key (OFFSET 0 keeps the planner from joining the whole table).
const issueFreeBulk = `WITH req AS (
	SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
		WITH ORDINALITY AS r(item, recipient, issued_at, expires, ord)),
ins AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	SELECT item, recipient, nextval('relief_serial'), issued_at, expires FROM req ORDER BY item, recipient
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING item, recipient, serial, issued_at, expires)
SELECT coalesce(i.serial, g.serial), coalesce(i.issued_at, g.issued_at), coalesce(i.expires, g.expires), false, i.item IS NOT NULL
FROM req LEFT JOIN ins i USING (item, recipient)
	LEFT JOIN LATERAL (SELECT * FROM relief_grants g WHERE i.item IS NULL
		AND g.item = req.item AND g.recipient = req.recipient OFFSET 0) g ON true
ORDER BY req.ord`

// issueCapped issues a capped item to one recipient in one plain
// statement ($1 to $2, cap $3, issued at $4, expiring $5; $6 is
// maxStripes): a unit from the recipient's own stripe, taken only where
// the recipient holds no grant, and the grant; or the grant already held,
// as this statement's snapshot sees it. Where a concurrent issue to the
// recipient won the insert, relief_retry fails the statement (and the
// transaction it is in), which gives the unit back with everything else
// it did. No row where the stripe is full: relief_issue_capped looks
// through the others.
const issueCapped = `WITH unit AS (
	UPDATE relief_stripes SET issued = issued + 1
	WHERE item = $1 AND stripe = (hashtext($2) & 2147483647) % least($6::bigint, $3) AND issued < quota
		AND NOT EXISTS (SELECT FROM relief_grants WHERE item = $1 AND recipient = $2)
	RETURNING base + issued AS serial),
ins AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	SELECT $1, $2, serial, $4, $5 FROM unit
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING serial, issued_at, expires)
SELECT serial, issued_at, expires, false, true FROM ins
UNION ALL
SELECT serial, issued_at, expires, false, false FROM relief_grants WHERE item = $1 AND recipient = $2
UNION ALL
SELECT relief_retry(), NULL, NULL, false, false FROM unit WHERE NOT EXISTS (SELECT FROM ins)
LIMIT 1`

// Issue implements [grants.Ledger.Issue] in one plain statement: an
// uncapped item's issueFree, a capped one's issueCapped, or, where the
// recipient's stripe is full, relief_issue_capped.
func (l *Ledger) Issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if err := grants.CheckIssue(ctx, g, cap); err != nil {
		return grants.Grant{}, err
	}
	stmt, args := issueFree, []any{g.Item, g.Recipient, g.IssuedAt, expiry(g)}
	if cap > 0 {
		if err := l.ensureCounter(ctx, g.Item, cap); err != nil {
			return grants.Grant{}, err
		}
		stmt, args = issueCapped, []any{g.Item, g.Recipient, cap, g.IssuedAt, expiry(g), int64(maxStripes)}
	}
	for range raceRetries {
		var exp *time.Time
		var soldOut, isNew bool // as readOutcomes reads them; a single issue needs neither
		err := l.pool.QueryRow(ctx, stmt, args...).Scan(&g.Serial, &g.IssuedAt, &exp, &soldOut, &isNew)
		var pgErr *pgconn.PgError
		switch {
		case errors.Is(err, pgx.ErrNoRows) && cap > 0: // the stripe is full
			out, err := l.issueBatch(ctx, []grants.Request{{Grant: g, Cap: cap}}, false)
			if err != nil {
				return grants.Grant{}, err
			}
			return out[0].Grant, out[0].Err
		case errors.Is(err, pgx.ErrNoRows), errors.As(err, &pgErr) && pgErr.Code == "40001":
			// A concurrent issue to the recipient committed after this
			// statement's snapshot: the next statement sees it.
			continue
		case err != nil:
			return grants.Grant{}, wrap(err)
		}
		g.IssuedAt, g.Expires = g.IssuedAt.In(kst), time.Time{}
		if exp != nil {
			g.Expires = exp.In(kst)
		}
		return g, nil
	}
	return grants.Grant{}, fmt.Errorf("pgledger: issue %s to %q: a conflicting grant stayed invisible", g.Item, g.Recipient)
}

// raceRetries bounds how often a batch is tried again after races with
// concurrent issues to its recipients: each retry sees the grants the
// race's winners committed, so a batch raced by fewer than this many
// others gets through.
const raceRetries = 10

// errRetry is readOutcomes' word that a grant met a concurrent issue to
// its recipient committed after the statement's snapshot.
var errRetry = errors.New("pgledger: retry")

// errNoRow is readOutcomes' word that a statement for one request
// returned nothing: issueCapped found the recipient's stripe full.
var errNoRow = errors.New("pgledger: no row")

// IssueBatch implements [grants.Ledger.IssueBatch] in one round trip and
// one transaction: the uncapped requests in one statement
// (issueFreeBatch for one recipient, issueFreeBulk for several), each
// capped item's in one more (issueCapped for one recipient,
// relief_issue_capped for several, in order of name), sent together in a
// pipeline between BEGIN and COMMIT where there is more than one. Capped items go in order of their IDs, so concurrent batches
// take counter rows in one order. A batch that raced a concurrent issue to
// one of its recipients (a grant committed after a statement's snapshot,
// or a deadlock the server broke) is tried again whole: every request is
// idempotent, so the retry returns what the other issue made. A lone
// recipient whose stripe was full is issued after, through
// relief_issue_capped, in a transaction of its own.
func (l *Ledger) IssueBatch(ctx context.Context, batch []grants.Request) ([]grants.Outcome, error) {
	if err := grants.CheckBatch(ctx, batch); err != nil {
		return nil, err
	}
	return l.issueBatch(ctx, batch, true)
}

// issueBatch is IssueBatch on a checked batch; lone says whether a capped
// item's lone recipient may go through issueCapped.
func (l *Ledger) issueBatch(ctx context.Context, batch []grants.Request, lone bool) ([]grants.Outcome, error) {
	out := make([]grants.Outcome, len(batch))
	if len(batch) == 0 {
		return out, nil
	}
	var free, capped []int
	for i, r := range batch {
		if r.Cap == 0 {
			free = append(free, i)
		} else {
			capped = append(capped, i)
		}
	}
	slices.SortFunc(capped, func(a, b int) int {
		x, y := batch[a].Grant, batch[b].Grant
		return cmp.Or(strings.Compare(x.Item, y.Item), strings.Compare(x.Recipient, y.Recipient))
	})
	// runs splits capped into one run of indices per item.
	var runs [][]int
	for j := 0; j < len(capped); {
		k := j + 1
		for k < len(capped) && batch[capped[k]].Grant.Item == batch[capped[j]].Grant.Item {
			k++
		}
		r := batch[capped[j]]
		if err := l.ensureCounter(ctx, r.Grant.Item, r.Cap); err != nil {
			return nil, err
		}
		runs = append(runs, capped[j:k])
		j = k
	}
	statements := len(runs)
	if len(free) > 0 {
		statements++
	}
	for attempt := 0; ; attempt++ {
		// A new pgx.Batch each time: a sent one remembers its prepared
		// statements, which an error has since deallocated.
		b := &pgx.Batch{}
		var reads []func(pgx.BatchResults) error
		if statements > 1 {
			b.Queue("BEGIN")
			reads = append(reads, exec)
		}
		if len(free) > 0 {
			items, recipients, at, expires := columns(batch, free)
			if one := batch[free[0]].Grant; slices.ContainsFunc(free, func(i int) bool {
				g := batch[i].Grant
				return g.Recipient != one.Recipient || !g.IssuedAt.Equal(one.IssuedAt)
			}) {
				b.Queue(issueFreeBulk, items, recipients, at, expires)
			} else {
				b.Queue(issueFreeBatch, one.Recipient, items, expires, one.IssuedAt)
			}
			reads = append(reads, func(br pgx.BatchResults) error { return readOutcomes(br, batch, free, out) })
		}
		var full []int // lone recipients whose stripe was full
		for _, run := range runs {
			r := batch[run[0]]
			if lone && len(run) == 1 {
				b.Queue(issueCapped, r.Grant.Item, r.Grant.Recipient, r.Cap, r.Grant.IssuedAt, expiry(r.Grant), int64(maxStripes))
				reads = append(reads, func(br pgx.BatchResults) error {
					err := readOutcomes(br, batch, run, out)
					if errors.Is(err, errNoRow) {
						full, err = append(full, run[0]), nil
					}
					return err
				})
				continue
			}
			_, recipients, at, expires := columns(batch, run)
			b.Queue(`SELECT * FROM relief_issue_capped($1, $2, $3, $4, $5, $6)`, r.Grant.Item, r.Cap, int32(maxStripes), recipients, at, expires)
			reads = append(reads, func(br pgx.BatchResults) error { return readOutcomes(br, batch, run, out) })
		}
		if statements > 1 {
			b.Queue("COMMIT")
			reads = append(reads, exec)
		}
		err := l.send(ctx, b, reads)
		var pgErr *pgconn.PgError
		raced := errors.Is(err, errRetry) || errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
		if raced && attempt < raceRetries {
			continue
		}
		if err != nil {
			return nil, wrap(err)
		}
		for _, i := range full {
			o, err := l.issueBatch(ctx, batch[i:i+1], false)
			if err != nil {
				return nil, err
			}
			out[i] = o[0]
		}
		return out, nil
	}
}

// columns returns the items, recipients, issue times and expiries (nil
// for none) of the requests of batch at the indices which.
func columns(batch []grants.Request, which []int) (items, recipients []string, at []time.Time, expires []*time.Time) {
	items, recipients = make([]string, len(which)), make([]string, len(which))
	at, expires = make([]time.Time, len(which)), make([]*time.Time, len(which))
	for j, i := range which {
		g := batch[i].Grant
		items[j], recipients[j], at[j], expires[j] = g.Item, g.Recipient, g.IssuedAt, expiry(g)
	}
	return items, recipients, at, expires
}

// send runs a batch in one round trip and reads each result in turn. On
// the first error the rest are drained unread: a transaction the batch
// began ends in its COMMIT, which an aborted transaction turns into a
// rollback.
func (l *Ledger) send(ctx context.Context, b *pgx.Batch, reads []func(pgx.BatchResults) error) error {
	br := l.pool.SendBatch(ctx, b)
	var first error
	for _, read := range reads {
		if err := read(br); err != nil && first == nil {
			first = err
		}
	}
	if err := br.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

func exec(br pgx.BatchResults) error {
	_, err := br.Exec()
	return err
}

func expiry(g grants.Grant) *time.Time {
	if g.Expires.IsZero() {
		return nil
	}
	return &g.Expires
}

// readOutcomes reads one statement's rows, one per request of batch at
// the indices which, into out.
func readOutcomes(br pgx.BatchResults, batch []grants.Request, which []int, out []grants.Outcome) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	j := 0
	for ; rows.Next(); j++ {
		var serial *int64
		var at, exp *time.Time
		var soldOut, isNew bool
		if err := rows.Scan(&serial, &at, &exp, &soldOut, &isNew); err != nil {
			return err
		}
		if j >= len(which) {
			return fmt.Errorf("a statement returned more than %d rows", len(which))
		}
		r := batch[which[j]]
		switch {
		case soldOut:
			out[which[j]] = grants.Outcome{Err: fmt.Errorf("issue %s to %q: %w: all %d issued", r.Grant.Item, r.Grant.Recipient, grants.ErrSoldOut, r.Cap)}
			continue
		case serial == nil || at == nil:
			return errRetry
		}
		g := grants.Grant{Item: r.Grant.Item, Recipient: r.Grant.Recipient, Serial: *serial, IssuedAt: at.In(kst)}
		if exp != nil {
			g.Expires = exp.In(kst)
		}
		out[which[j]] = grants.Outcome{Grant: g, New: isNew}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if j == 0 && len(which) == 1 {
		return errNoRow
	}
	if j != len(which) {
		return fmt.Errorf("a statement returned %d rows for %d items", j, len(which))
	}
	return nil
}

// maxStripes is how many counter rows a capped item's units are split
// into (fewer where the cap is smaller).
const maxStripes = 8

// ensureCounter creates a capped item's stripes once per Ledger: the cap
// split as evenly as it goes, stripe s holding serials base+1 to
// base+quota.
func (l *Ledger) ensureCounter(ctx context.Context, item string, cap int64) error {
	if _, ok := l.counters.Load(item); ok {
		return nil
	}
	const stripes = `INSERT INTO relief_stripes (item, stripe, base, quota)
		SELECT $1::text, s, s * (c.cap / c.k) + least(s, c.cap % c.k), c.cap / c.k + (s < c.cap % c.k)::int
		FROM (SELECT $2::bigint AS cap, least($2::bigint, $3::bigint) AS k) c, generate_series(0, c.k - 1) s
		ON CONFLICT DO NOTHING`
	if _, err := l.pool.Exec(ctx, stripes, item, cap, int64(maxStripes)); err != nil {
		return wrap(err)
	}
	l.counters.Store(item, true)
	return nil
}

// wrap adds the package name to a database error; a context error stays
// matchable with errors.Is.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("pgledger: %w", err)
}

// Issued implements [grants.Ledger.Issued].
func (l *Ledger) Issued(ctx context.Context, item string) (int64, error) {
	if err := grants.CheckIdentity("item", item); err != nil {
		return 0, err
	}
	// A capped item counts on its stripes; an uncapped one has none, and
	// counts its grants.
	var n int64
	err := l.pool.QueryRow(ctx, `SELECT coalesce((SELECT sum(issued) FROM relief_stripes WHERE item = $1),
		(SELECT count(*) FROM relief_grants WHERE item = $1))::bigint`, item).Scan(&n)
	return n, wrap(err)
}

// Holdings implements [grants.Ledger.Holdings].
func (l *Ledger) Holdings(ctx context.Context, recipient string) ([]grants.Grant, error) {
	if err := grants.CheckIdentity("recipient", recipient); err != nil {
		return nil, err
	}
	rows, err := l.pool.Query(ctx, selectGrant+` WHERE recipient = $1 ORDER BY item COLLATE "C"`, recipient)
	if err != nil {
		return nil, wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (grants.Grant, error) { return scanGrant(r) })
	return out, wrap(err)
}
