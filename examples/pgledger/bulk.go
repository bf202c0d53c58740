package pgledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/outagerelief/relief/grants"
)

// MaxBulk bounds the requests of one [Ledger.IssueBulk]: about 166,000
// claimants' entitlements at six items each. The job that credits a
// nation sends far fewer a call (examples/issue sends 24,576).
const MaxBulk = 1 << 20

// A Tally is what one [Ledger.IssueBulk] did with one item's requests.
// New + Held + SoldOut is the number of the item's requests.
type Tally struct {
	Item string
	Cap  int64 // 0 for none
	// New counts the grants this call issued.
	New int64
	// Held counts the recipients that held the item already: from an
	// earlier issue (a job run again after a crash), a request repeated
	// in the call, or a concurrent issue that won the race.
	Held int64
	// SoldOut counts the recipients refused because all Cap units were
	// issued.
	SoldOut int64
}

// stageTable is where IssueBulk copies a call's requests: a temporary
// table of the connection's own (no WAL, no index), emptied when the
// transaction ends.
const stageTable = `CREATE TEMP TABLE IF NOT EXISTS relief_stage (
	ord int NOT NULL, item text NOT NULL, recipient text NOT NULL, issued_at timestamptz NOT NULL, expires timestamptz
) ON COMMIT DELETE ROWS`

// bulkFree issues the staged requests of the uncapped items $1 in one
// INSERT, with serials from the shared sequence, in order of item and
// recipient (so that it waits on concurrent issues' keys in the order
// they take them). It is tried first as it is, under a savepoint
// (plainFirst): where every request is new, a first push to a nation, it
// costs what loading the rows does, and each item issued all it staged.
// Where a recipient holds its item already the primary key fails it at
// once, and bulkFreeSkip runs instead.
const bulkFree = `INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	SELECT item, recipient, nextval('relief_serial'), issued_at, expires FROM relief_stage
	WHERE item = ANY($1::text[]) ORDER BY item, recipient`

// bulkFreeSkip is bulkFree skipping the requests whose recipient holds
// the item, and returning how many each item issued.
const bulkFreeSkip = `WITH ins AS (` + bulkFree + `
	ON CONFLICT (item, recipient) DO NOTHING
	RETURNING item)
SELECT item, count(*) FROM ins GROUP BY item`

// bulkCapped issues the staged requests of the capped item $1 (cap $3,
// sequence $2) in one INSERT: those whose recipient holds no grant take
// serials from the sequence, in order of recipient, and are granted while
// the serial is within the cap. It returns the requests staged, those
// that took a serial, those granted, the ordinals of those left past the
// cap (for relief_issue_units), and the least and greatest serial taken
// (0 for none). It too is tried first without a conflict clause
// (plainFirst): only a concurrent issue to one of the recipients, after
// the check for held grants, fails it, and then the serials it took are
// gaps, which the sweep lists. With ON CONFLICT DO NOTHING (%s), a
// request that took a serial within the cap but lost the insert holds
// the other issue's grant, and its serial is a gap.
const bulkCapped = `WITH staged AS MATERIALIZED (
	SELECT ord, recipient, issued_at, expires FROM relief_stage WHERE item = $1),
want AS MATERIALIZED (
	SELECT s.ord, s.recipient, s.issued_at, s.expires, nextval($2::regclass) AS serial
	FROM (SELECT * FROM staged ORDER BY recipient) s
	WHERE NOT EXISTS (SELECT FROM relief_grants g WHERE g.item = $1 AND g.recipient = s.recipient)),
ins AS (
	INSERT INTO relief_grants (item, recipient, serial, issued_at, expires)
	SELECT $1, recipient, serial, issued_at, expires FROM want WHERE serial <= $3%s
	RETURNING 1)
SELECT (SELECT count(*) FROM staged), (SELECT count(*) FROM want), (SELECT count(*) FROM ins),
	coalesce((SELECT array_agg(ord) FROM want WHERE serial > $3), '{}'),
	coalesce((SELECT min(serial) FROM want), 0), coalesce((SELECT max(serial) FROM want), 0)`

// skipHeld is the conflict clause of the statements' second try.
const skipHeld = `
	ON CONFLICT (item, recipient) DO NOTHING`

// IssueBulk issues many requests at the database's load speed: it copies
// them (COPY) into a temporary table of the connection's own, then
// issues every uncapped item's in one set-based INSERT and each capped
// item's in one more, in one transaction, tried again whole where it
// raced a concurrent issue. A capped item's requests left past the cap
// then go, in batches of [grants.MaxBatch], through the path
// [Ledger.IssueBatch] takes, which gives them the serials left over or
// finds the item sold out: so a cap holds exactly however bulk issues and
// single claims race. It returns what it did with each item's requests,
// in the order the items first appear in batch.
//
// Each request is checked as [grants.CheckIssue] checks it, and one item
// must come with one cap (an error wrapping [grants.ErrInvalid] names
// the first that does not); a batch may hold more than [grants.MaxBatch]
// requests, up to [MaxBulk]. A request repeated in the batch is counted
// as held. Unlike IssueBatch, IssueBulk is not atomic: where it fails
// after the first transaction, part of the batch is issued. Every
// request is idempotent, so calling it again with the same batch
// finishes the rest and issues nothing twice: that is how examples/issue
// resumes.
func (l *Ledger) IssueBulk(ctx context.Context, batch []grants.Request) ([]Tally, error) {
	tallies, byItem, err := l.planBulk(ctx, batch)
	if err != nil || len(batch) == 0 {
		return tallies, err
	}
	var residue []grants.Request
	for attempt := 0; ; attempt++ {
		residue, err = l.bulkOnce(ctx, batch, tallies, byItem)
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || !raced(pgErr) || attempt == raceRetries {
			break
		}
	}
	if err != nil {
		return nil, wrap(err)
	}
	for len(residue) > 0 {
		n := min(len(residue), grants.MaxBatch)
		out, err := l.issueBatch(ctx, residue[:n], false)
		if err != nil {
			return nil, err
		}
		for i, o := range out {
			t := &tallies[byItem[residue[i].Grant.Item]]
			switch {
			case o.Err == nil && o.New:
				t.New++
			case o.Err == nil:
				t.Held++
			case errors.Is(o.Err, grants.ErrSoldOut):
				t.SoldOut++
			default:
				return nil, o.Err
			}
		}
		residue = residue[n:]
	}
	return tallies, nil
}

// planBulk checks batch and registers its items, and returns a zero Tally
// for each item, in order of first appearance, and each item's index.
func (l *Ledger) planBulk(ctx context.Context, batch []grants.Request) ([]Tally, map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if len(batch) > MaxBulk {
		return nil, nil, fmt.Errorf("%w: a bulk of %d requests, at most %d", grants.ErrInvalid, len(batch), MaxBulk)
	}
	var tallies []Tally
	byItem := map[string]int{}
	for i, r := range batch {
		if err := grants.CheckIssue(ctx, r.Grant, r.Cap); err != nil {
			return nil, nil, fmt.Errorf("request %d: %w", i, err)
		}
		k, seen := byItem[r.Grant.Item]
		switch {
		case !seen:
			if _, err := l.ensureItem(ctx, r.Grant.Item, r.Cap); err != nil {
				return nil, nil, err
			}
			byItem[r.Grant.Item] = len(tallies)
			tallies = append(tallies, Tally{Item: r.Grant.Item, Cap: r.Cap})
		case tallies[k].Cap != r.Cap:
			return nil, nil, fmt.Errorf("%w: request %d: %s with cap %d, and with cap %d before", grants.ErrInvalid, i, r.Grant.Item, r.Cap, tallies[k].Cap)
		}
	}
	return tallies, byItem, nil
}

// bulkOnce is IssueBulk's transaction: it stages batch, issues it, adds
// what it did to tallies (reset first, so that a retry counts once), and
// returns the capped requests left past their caps. After it commits,
// it takes the sweep steps the capped serials it issued call for.
func (l *Ledger) bulkOnce(ctx context.Context, batch []grants.Request, tallies []Tally, byItem map[string]int) ([]grants.Request, error) {
	for i := range tallies {
		tallies[i].New, tallies[i].Held, tallies[i].SoldOut = 0, 0, 0
	}
	conn, err := l.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, stageTable); err != nil {
		return nil, err
	}
	rows := pgx.CopyFromSlice(len(batch), func(i int) ([]any, error) {
		g := batch[i].Grant
		return []any{int32(i), g.Item, g.Recipient, g.IssuedAt, expiry(g)}, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"relief_stage"}, []string{"ord", "item", "recipient", "issued_at", "expires"}, rows); err != nil {
		return nil, err
	}
	var free []string
	for _, t := range tallies {
		if t.Cap == 0 {
			free = append(free, t.Item)
		}
	}
	if len(free) > 0 {
		if err := bulkFreeItems(ctx, tx, batch, free, tallies, byItem); err != nil {
			return nil, err
		}
	}
	var residue []grants.Request
	var swept []sweepSpan
	for k := range tallies {
		t := &tallies[k]
		if t.Cap == 0 {
			continue
		}
		var nStaged, nWant, nNew, lo, hi int64
		var past []int32
		err := plainFirst(ctx, tx, func(tx pgx.Tx, conflict string) error {
			return tx.QueryRow(ctx, fmt.Sprintf(bulkCapped, conflict), t.Item, l.info(t.Item).seq, t.Cap).Scan(&nStaged, &nWant, &nNew, &past, &lo, &hi)
		})
		if err != nil {
			return nil, err
		}
		t.New, t.Held = nNew, nStaged-nWant+(nWant-int64(len(past))-nNew)
		for _, ord := range past {
			residue = append(residue, batch[ord])
		}
		swept = append(swept, sweepSpan{t.Item, lo, hi})
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	for _, s := range swept {
		l.sweepSpan(ctx, s)
	}
	return residue, nil
}

// bulkFreeItems runs bulkFree for the uncapped items free, or, where a
// recipient held its item already, bulkFreeSkip, and counts for each item
// the grants issued as New and the rest of its requests as Held.
func bulkFreeItems(ctx context.Context, tx pgx.Tx, batch []grants.Request, free []string, tallies []Tally, byItem map[string]int) error {
	for _, r := range batch {
		if t := &tallies[byItem[r.Grant.Item]]; t.Cap == 0 {
			t.Held++ // until issued
		}
	}
	plain := true
	err := plainFirst(ctx, tx, func(tx pgx.Tx, conflict string) error {
		if conflict == "" {
			_, err := tx.Exec(ctx, bulkFree, free)
			return err
		}
		plain = false
		rows, err := tx.Query(ctx, bulkFreeSkip, free)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var item string
			var n int64
			if err := rows.Scan(&item, &n); err != nil {
				return err
			}
			tallies[byItem[item]].New = n
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for _, item := range free {
		t := &tallies[byItem[item]]
		if plain {
			t.New = t.Held
		}
		t.Held -= t.New
	}
	return nil
}

// plainFirst runs stmt with no conflict clause under a savepoint, and,
// where the grants' primary key refuses a row (a recipient holds the
// item), rolls back to the savepoint and runs it again with skipHeld.
func plainFirst(ctx context.Context, tx pgx.Tx, stmt func(tx pgx.Tx, conflict string) error) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	err = stmt(sp, "")
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return sp.Commit(ctx)
	case errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "relief_grants_pkey":
		if err := sp.Rollback(ctx); err != nil {
			return err
		}
		return stmt(tx, skipHeld)
	}
	return err
}

// A sweepSpan is the serials a bulk issue took from a capped item's
// sequence, lo to hi (0 for none).
type sweepSpan struct {
	item   string
	lo, hi int64
}

// sweepSpan takes the sweep steps an issue of each serial in s would
// have (Ledger.sweepBehind): one for each multiple of sweepEvery in
// lo..hi past sweepLag. Like sweepBehind it is work ahead of the
// sell-out: a failure is left for the next step.
func (l *Ledger) sweepSpan(ctx context.Context, s sweepSpan) {
	if s.hi == 0 {
		return
	}
	for m := (s.lo + sweepEvery - 1) / sweepEvery * sweepEvery; m <= s.hi; m += sweepEvery {
		l.sweepBehind(ctx, grants.Grant{Item: s.item, Serial: m}, true)
	}
}
