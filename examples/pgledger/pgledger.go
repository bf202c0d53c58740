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
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/grants"
)

var kst = time.FixedZone("KST", 9*60*60)

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
`

// Ledger is a [grants.Ledger] on a PostgreSQL connection pool. It is safe
// for concurrent use, and any number of Ledgers, in any number of
// processes, may share one database.
type Ledger struct {
	pool  *pgxpool.Pool
	items sync.Map // item IDs whose counter row exists
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

// existing returns the grant of item to recipient, if there is one.
func existing(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, item, recipient string) (grants.Grant, bool, error) {
	g, err := scanGrant(q.QueryRow(ctx, selectGrant+` WHERE item = $1 AND recipient = $2`, item, recipient))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return grants.Grant{}, false, nil
	case err != nil:
		return grants.Grant{}, false, err
	}
	return g, true, nil
}

// Issue implements [grants.Ledger.Issue]. In one transaction it takes the
// next unit of the item's counter, within the cap, and inserts the grant.
// The counter's row lock serialises issues of one item across every
// connection; a concurrent issue to the same recipient loses on the
// primary key, and its transaction, counter increment included, is rolled
// back before the winner's grant is returned.
func (l *Ledger) Issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if err := grants.CheckIssue(ctx, g, cap); err != nil {
		return grants.Grant{}, err
	}
	if held, ok, err := existing(ctx, l.pool, g.Item, g.Recipient); err != nil || ok {
		return held, wrap(err)
	}
	issued, err := l.issue(ctx, g, cap)
	if errors.Is(err, errLost) || errors.Is(err, grants.ErrSoldOut) {
		// Someone else issued to this recipient meanwhile: theirs stands.
		if held, ok, err2 := existing(ctx, l.pool, g.Item, g.Recipient); err2 != nil || ok {
			return held, wrap(err2)
		}
	}
	if errors.Is(err, errLost) {
		return grants.Grant{}, fmt.Errorf("pgledger: issue %s to %q: lost a race but found no grant", g.Item, g.Recipient)
	}
	return issued, err
}

// errLost is an insert that lost the race for (item, recipient).
var errLost = errors.New("lost the race")

// issueSQL takes the next unit of the item's counter, within the cap, and
// inserts the grant with it as serial, in one statement: the counter row
// stays locked only until the transaction commits, one round trip later.
// It returns the unit taken (NULL: sold out) and the serial inserted
// (NULL: the recipient's grant was inserted by someone else meanwhile).
const issueSQL = `
WITH unit AS (
	UPDATE relief_items SET issued = issued + 1
	WHERE item = $1 AND ($2 = 0 OR issued < $2)
	RETURNING issued
), granted AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	SELECT $1, $3, issued, $4, $5 FROM unit
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING serial
)
SELECT (SELECT issued FROM unit), (SELECT serial FROM granted)`

func (l *Ledger) issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if err := l.ensureItem(ctx, g.Item); err != nil {
		return grants.Grant{}, err
	}
	tx, err := l.pool.Begin(ctx)
	if err != nil {
		return grants.Grant{}, wrap(err)
	}
	defer tx.Rollback(ctx) // a no-op after Commit
	var expires *time.Time
	if !g.Expires.IsZero() {
		expires = &g.Expires
	}
	var unit, serial *int64
	if err := tx.QueryRow(ctx, issueSQL, g.Item, cap, g.Recipient, g.IssuedAt, expires).Scan(&unit, &serial); err != nil {
		return grants.Grant{}, wrap(err)
	}
	switch {
	case unit == nil:
		return grants.Grant{}, fmt.Errorf("issue %s to %q: %w: all %d issued", g.Item, g.Recipient, grants.ErrSoldOut, cap)
	case serial == nil:
		return grants.Grant{}, errLost // the deferred rollback returns the unit
	}
	if err := tx.Commit(ctx); err != nil {
		return grants.Grant{}, wrap(err)
	}
	g.Serial, g.IssuedAt = *serial, g.IssuedAt.In(kst)
	if !g.Expires.IsZero() {
		g.Expires = g.Expires.In(kst)
	}
	return g, nil
}

// ensureItem makes the item's counter row, once per item and Ledger.
func (l *Ledger) ensureItem(ctx context.Context, item string) error {
	if _, ok := l.items.Load(item); ok {
		return nil
	}
	if _, err := l.pool.Exec(ctx, `INSERT INTO relief_items (item) VALUES ($1) ON CONFLICT DO NOTHING`, item); err != nil {
		return wrap(err)
	}
	l.items.Store(item, true)
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
	var n int64
	err := l.pool.QueryRow(ctx, `SELECT issued FROM relief_items WHERE item = $1`, item).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return n, wrap(err)
}

// Holdings implements [grants.Ledger.Holdings].
func (l *Ledger) Holdings(ctx context.Context, recipient string) ([]grants.Grant, error) {
	rows, err := l.pool.Query(ctx, selectGrant+` WHERE recipient = $1 ORDER BY item COLLATE "C"`, recipient)
	if err != nil {
		return nil, wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (grants.Grant, error) { return scanGrant(r) })
	return out, wrap(err)
}
