// Package pgledger is a grants.Ledger on PostgreSQL, so that every replica
// of a service shares one ledger: one grant per item and recipient is
// enforced by a primary key, and an item's cap by a counter row that each
// issue increments under its row lock, so the cap holds across processes,
// not just goroutines. It passes grants/ledgertest against a real server.
package pgledger

import (
	"context"
	"errors"
	"fmt"
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
CREATE OR REPLACE FUNCTION relief_issue(p_item text, p_recipient text, p_cap bigint,
	p_issued_at timestamptz, p_expires timestamptz)
RETURNS TABLE (o_serial bigint, o_issued_at timestamptz, o_expires timestamptz, o_sold_out boolean)
LANGUAGE plpgsql AS $$
BEGIN
	-- A retry: the grant already issued.
	RETURN QUERY SELECT g.serial, g.issued_at, g.expires, false FROM relief_grants g
		WHERE g.item = p_item AND g.recipient = p_recipient;
	IF FOUND THEN RETURN; END IF;
	-- The next unit within the cap; the row lock serialises the item's issues.
	INSERT INTO relief_items (item) VALUES (p_item) ON CONFLICT DO NOTHING;
	UPDATE relief_items SET issued = issued + 1
		WHERE item = p_item AND (p_cap = 0 OR issued < p_cap) RETURNING issued INTO o_serial;
	IF NOT FOUND THEN
		RETURN QUERY SELECT NULL::bigint, NULL::timestamptz, NULL::timestamptz, true;
		RETURN;
	END IF;
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
		VALUES (p_item, p_recipient, o_serial, p_issued_at, p_expires)
		ON CONFLICT (item, recipient) DO NOTHING;
	IF NOT FOUND THEN
		-- The recipient won a concurrent issue: abort, returning the unit.
		RAISE EXCEPTION USING ERRCODE = 'RL001', MESSAGE = 'relief_issue: lost the race for ' || p_item;
	END IF;
	RETURN QUERY SELECT o_serial, p_issued_at, p_expires, false;
END
$$;
`

// Ledger is a [grants.Ledger] on a PostgreSQL connection pool. It is safe
// for concurrent use, and any number of Ledgers, in any number of
// processes, may share one database.
type Ledger struct {
	pool *pgxpool.Pool
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

// Issue implements [grants.Ledger.Issue] in one round trip: the function
// relief_issue returns the grant already issued, or takes the next unit of
// the item's counter within the cap and inserts the grant. The counter's
// row lock serialises issues of one item across every connection, and is
// held only while the function runs. A concurrent issue to the same
// recipient loses on the primary key and aborts, returning its unit; the
// winner's grant is then returned.
func (l *Ledger) Issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if err := grants.CheckIssue(ctx, g, cap); err != nil {
		return grants.Grant{}, err
	}
	var expires *time.Time
	if !g.Expires.IsZero() {
		expires = &g.Expires
	}
	var serial *int64
	var issuedAt, exp *time.Time
	var soldOut bool
	err := l.pool.QueryRow(ctx, `SELECT o_serial, o_issued_at, o_expires, o_sold_out FROM relief_issue($1, $2, $3, $4, $5)`,
		g.Item, g.Recipient, cap, g.IssuedAt, expires).Scan(&serial, &issuedAt, &exp, &soldOut)
	var pgErr *pgconn.PgError
	lost := errors.As(err, &pgErr) && pgErr.Code == "RL001"
	if lost || err == nil && soldOut {
		// Lost the race for this recipient, or sold out while someone
		// issued to them: their grant stands, if there is one.
		held, ok, err := l.existing(ctx, g.Item, g.Recipient)
		switch {
		case err != nil:
			return grants.Grant{}, wrap(err)
		case ok:
			return held, nil
		case lost:
			return grants.Grant{}, fmt.Errorf("pgledger: issue %s to %q: lost a race but found no grant", g.Item, g.Recipient)
		}
		return grants.Grant{}, fmt.Errorf("issue %s to %q: %w: all %d issued", g.Item, g.Recipient, grants.ErrSoldOut, cap)
	}
	if err != nil {
		return grants.Grant{}, wrap(err)
	}
	g.Serial, g.IssuedAt, g.Expires = *serial, issuedAt.In(kst), time.Time{}
	if exp != nil {
		g.Expires = exp.In(kst)
	}
	return g, nil
}

// existing returns the grant of item to recipient, if there is one.
func (l *Ledger) existing(ctx context.Context, item, recipient string) (grants.Grant, bool, error) {
	g, err := scanGrant(l.pool.QueryRow(ctx, selectGrant+` WHERE item = $1 AND recipient = $2`, item, recipient))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return grants.Grant{}, false, nil
	case err != nil:
		return grants.Grant{}, false, err
	}
	return g, true, nil
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
	var n int64
	err := l.pool.QueryRow(ctx, `SELECT issued FROM relief_items WHERE item = $1`, item).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
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
