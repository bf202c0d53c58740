// Package pgledger is a grants.Ledger on PostgreSQL, so that every replica
// of a service shares one ledger: one grant per item and recipient is
// enforced by a primary key, and a capped item's cap by a counter row that
// each of its issues increments under its row lock, so the cap holds
// across processes, not just goroutines. A capped issue claims the
// grant's key before it takes the counter's lock, so the lock is held
// only for the counter's update, the serial's and the commit. An uncapped item has no counter
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
CREATE TABLE IF NOT EXISTS relief_items (
	item   text   PRIMARY KEY,
	issued bigint NOT NULL DEFAULT 0 CHECK (issued >= 0)
);
CREATE SEQUENCE IF NOT EXISTS relief_serial;
CREATE TABLE IF NOT EXISTS relief_grants (
	item      text        NOT NULL,
	recipient text        NOT NULL,
	serial    bigint      NOT NULL CHECK (serial >= 0), -- 0 only inside the issuing transaction
	issued_at timestamptz NOT NULL,
	expires   timestamptz,
	PRIMARY KEY (item, recipient)
);
CREATE INDEX IF NOT EXISTS relief_grants_recipient ON relief_grants (recipient);
-- relief_issue_capped issues one unit of a capped item. It claims the
-- grant's primary key first (a retry, or a concurrent issue to the same
-- recipient, stops there), and only then takes the next unit of the
-- counter row, whose lock is held until the transaction ends: the locked
-- span is one update of the counter and one of the new grant's serial.
CREATE OR REPLACE FUNCTION relief_issue_capped(p_item text, p_recipient text, p_cap bigint,
	p_issued_at timestamptz, p_expires timestamptz)
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean, o_new boolean)
LANGUAGE plpgsql AS $$
DECLARE
	v_serial bigint;
BEGIN
	IF EXISTS (SELECT 1 FROM relief_items WHERE item = p_item AND issued >= p_cap) THEN
		-- Sold out: only a holder gets anything, and nothing is written.
		RETURN QUERY SELECT g.serial, g.issued_at, g.expires, false, false FROM relief_grants g
			WHERE g.item = p_item AND g.recipient = p_recipient;
		IF NOT FOUND THEN
			RETURN QUERY SELECT NULL::bigint, NULL::timestamptz, NULL::timestamptz, true, false;
		END IF;
		RETURN;
	END IF;
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
		VALUES (p_item, p_recipient, 0, p_issued_at, p_expires)
		ON CONFLICT (item, recipient) DO NOTHING;
	IF NOT FOUND THEN
		-- Held already; or being issued by a transaction that committed
		-- after this statement began, which the next statement sees.
		RETURN QUERY SELECT g.serial, g.issued_at, g.expires, false, false FROM relief_grants g
			WHERE g.item = p_item AND g.recipient = p_recipient;
		RETURN;
	END IF;
	UPDATE relief_items SET issued = issued + 1 WHERE item = p_item AND issued < p_cap
		RETURNING issued INTO v_serial;
	IF NOT FOUND THEN
		DELETE FROM relief_grants WHERE item = p_item AND recipient = p_recipient;
		RETURN QUERY SELECT NULL::bigint, NULL::timestamptz, NULL::timestamptz, true, false;
		RETURN;
	END IF;
	UPDATE relief_grants SET serial = v_serial WHERE item = p_item AND recipient = p_recipient;
	RETURN QUERY SELECT v_serial, p_issued_at, p_expires, false, true;
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
		if err := l.ensureCounter(ctx, r.Grant.Item); err != nil {
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

// ensureCounter creates a capped item's counter row once per Ledger.
func (l *Ledger) ensureCounter(ctx context.Context, item string) error {
	if _, ok := l.counters.Load(item); ok {
		return nil
	}
	if _, err := l.pool.Exec(ctx, `INSERT INTO relief_items (item) VALUES ($1) ON CONFLICT DO NOTHING`, item); err != nil {
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
	// A capped item counts on its counter row; an uncapped one has none,
	// and counts its grants.
	var n int64
	err := l.pool.QueryRow(ctx, `SELECT coalesce((SELECT issued FROM relief_items WHERE item = $1),
		(SELECT count(*) FROM relief_grants WHERE item = $1))`, item).Scan(&n)
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
