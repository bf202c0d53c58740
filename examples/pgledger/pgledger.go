// Package pgledger is a grants.Ledger on PostgreSQL, so that every replica
// of a service shares one ledger: one grant per item and recipient is
// enforced by a primary key, and a capped item's cap by counter rows that
// its issues increment under their row locks, so the cap holds across
// processes, not just goroutines. The cap is split into up to 8 stripes,
// each a counter row with its own range of serials: an issue tries the
// recipient's stripe, then each other in turn, and is sold out only when
// every stripe is full. So a capped item's serials are unique and within
// 1..cap, and all of them are issued once it sells out, but they are not
// handed out in the order of issue. An uncapped item has no counter
// row: its issues are one INSERT each, taking serials from a sequence
// shared by every uncapped item (unique and rising per item, with gaps),
// so they never wait on each other. A batch (grants.Ledger.IssueBatch) is
// one round trip and one transaction. It passes grants/ledgertest against
// a real server.
package pgledger

import (
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
-- relief_issue_capped issues one unit of a capped item: a unit from a
-- stripe of the item's counter (the recipient's own
-- stripe first, then each other in turn; a stripe a concurrent issue
-- holds is waited for and looked at again), or sold out when every stripe
-- is full, and the grant already held where there is one. The stripe's
-- row lock is held until the transaction ends, so when the grant's
-- primary key turns out to be taken (a retry, or a concurrent issue to the
-- same recipient that won), giving the unit back is safe: no one else can
-- have moved that stripe since.
CREATE OR REPLACE FUNCTION relief_issue_capped(p_item text, p_recipient text, p_cap bigint,
	p_issued_at timestamptz, p_expires timestamptz)
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean, o_new boolean)
LANGUAGE plpgsql AS $$
DECLARE
	v_serial bigint;
	v_stripe int;
	v_stripes int := least(8, p_cap);
	v_first int := (hashtext(p_recipient) & 2147483647) % least(8, p_cap);
BEGIN
	FOR i IN 0 .. v_stripes - 1 LOOP
		v_stripe := (v_first + i) % v_stripes;
		UPDATE relief_stripes SET issued = issued + 1
			WHERE item = p_item AND stripe = v_stripe AND issued < quota
			RETURNING base + issued INTO v_serial;
		EXIT WHEN FOUND;
	END LOOP;
	IF v_serial IS NOT NULL THEN
		INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
			VALUES (p_item, p_recipient, v_serial, p_issued_at, p_expires)
			ON CONFLICT (item, recipient) DO NOTHING;
		IF FOUND THEN
			RETURN QUERY SELECT v_serial, p_issued_at, p_expires, false, true;
			RETURN;
		END IF;
		UPDATE relief_stripes SET issued = issued - 1 WHERE item = p_item AND stripe = v_stripe;
	END IF;
	-- Sold out, a retry, or the recipient's concurrent issue won: this
	-- statement sees what it committed.
	RETURN QUERY SELECT g.serial, g.issued_at, g.expires, false, false FROM relief_grants g
		WHERE g.item = p_item AND g.recipient = p_recipient;
	IF NOT FOUND THEN
		RETURN QUERY SELECT NULL::bigint, NULL::timestamptz, NULL::timestamptz, true, false;
	END IF;
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
// as this statement's snapshot sees it.
const issueFree = `WITH ins AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	VALUES ($1, $2, nextval('relief_serial'), $3, $4)
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING serial, issued_at, expires)
SELECT serial, issued_at, expires FROM ins
UNION ALL
SELECT serial, issued_at, expires FROM relief_grants WHERE item = $1 AND recipient = $2
LIMIT 1`

// issueFreeBatch issues uncapped items to one recipient ($1) in one
// statement: $2 the items, $3 their expiries, $4 the issue time. It
// returns, per item in order, the new grant or the one already held; no
// grant where a concurrent issue to the recipient committed after this
// statement's snapshot (try again).
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

// Issue implements [grants.Ledger.Issue]: an uncapped item in one plain
// statement, a capped one as a batch of one.
func (l *Ledger) Issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if cap > 0 {
		out, err := l.IssueBatch(ctx, []grants.Request{{Grant: g, Cap: cap}})
		if err != nil {
			return grants.Grant{}, err
		}
		return out[0].Grant, out[0].Err
	}
	if err := grants.CheckIssue(ctx, g, cap); err != nil {
		return grants.Grant{}, err
	}
	var expires *time.Time
	if !g.Expires.IsZero() {
		expires = &g.Expires
	}
	for range raceRetries {
		var exp *time.Time
		err := l.pool.QueryRow(ctx, issueFree, g.Item, g.Recipient, g.IssuedAt, expires).Scan(&g.Serial, &g.IssuedAt, &exp)
		if errors.Is(err, pgx.ErrNoRows) {
			// A concurrent issue to the recipient committed after this
			// statement's snapshot: the next statement sees it.
			continue
		}
		if err != nil {
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

// raceRetries bounds how often an issue is tried again after a race with
// a concurrent issue to the same recipient.
const raceRetries = 3

// errRetry is issueSorted's word that an item met a concurrent issue to
// the recipient committed after the statement's snapshot.
var errRetry = errors.New("pgledger: retry")

// IssueBatch implements [grants.Ledger.IssueBatch] in one round trip and
// one transaction: the uncapped items in one statement (issueFreeBatch),
// each capped item in one more (relief_issue_capped), sent together in a
// pipeline between BEGIN and COMMIT where there is more than one. Capped
// items go in order of their IDs, so concurrent batches take counter
// rows in one order. A batch that raced a concurrent issue to the same
// recipient (an uncapped grant committed after the statement's snapshot,
// or a deadlock the server broke) is tried again whole: every item is
// idempotent, so the retry returns what the other issue made.
func (l *Ledger) IssueBatch(ctx context.Context, batch []grants.Request) ([]grants.Outcome, error) {
	if err := grants.CheckBatch(ctx, batch); err != nil {
		return nil, err
	}
	out := make([]grants.Outcome, len(batch))
	if len(batch) == 0 {
		return out, nil
	}
	var free, capped []int
	for i, r := range batch {
		if r.Cap == 0 {
			free = append(free, i)
			continue
		}
		capped = append(capped, i)
		if err := l.ensureCounter(ctx, r.Grant.Item, r.Cap); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(capped, func(a, b int) int { return strings.Compare(batch[a].Grant.Item, batch[b].Grant.Item) })
	recipient, issuedAt := batch[0].Grant.Recipient, batch[0].Grant.IssuedAt
	for attempt := 0; ; attempt++ {
		// A new pgx.Batch each time: a sent one remembers its prepared
		// statements, which an error has since deallocated.
		b := &pgx.Batch{}
		var reads []func(pgx.BatchResults) error
		if len(free)+len(capped) > 1 {
			b.Queue("BEGIN")
			reads = append(reads, exec)
		}
		if len(free) > 0 {
			items, expires := make([]string, len(free)), make([]*time.Time, len(free))
			for j, i := range free {
				items[j], expires[j] = batch[i].Grant.Item, expiry(batch[i].Grant)
			}
			b.Queue(issueFreeBatch, recipient, items, expires, issuedAt)
			reads = append(reads, func(br pgx.BatchResults) error { return readOutcomes(br, batch, free, out) })
		}
		for _, i := range capped {
			r := batch[i]
			b.Queue(`SELECT * FROM relief_issue_capped($1, $2, $3, $4, $5)`, r.Grant.Item, recipient, r.Cap, issuedAt, expiry(r.Grant))
			reads = append(reads, func(br pgx.BatchResults) error { return readOutcomes(br, batch, []int{i}, out) })
		}
		if len(free)+len(capped) > 1 {
			b.Queue("COMMIT")
			reads = append(reads, exec)
		}
		err := l.send(ctx, b, reads)
		var pgErr *pgconn.PgError
		raced := errors.Is(err, errRetry) || errors.As(err, &pgErr) && pgErr.Code == "40P01"
		if raced && attempt < raceRetries {
			continue
		}
		if err != nil {
			return nil, wrap(err)
		}
		return out, nil
	}
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
