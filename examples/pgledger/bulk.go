package pgledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

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

// stageTable is where IssueBulk copies the requests it cannot load
// straight into relief_grants: a temporary table of the connection's own
// (no WAL, no index), emptied when the transaction ends.
const stageTable = `CREATE TEMP TABLE IF NOT EXISTS relief_stage (
	ord int NOT NULL, item_id int NOT NULL, recipient text NOT NULL, issued_at timestamptz NOT NULL, expires timestamptz
) ON COMMIT DELETE ROWS`

// grantColumns are the columns COPY fills in relief_grants for an
// uncapped item's grant: serial takes its default, the shared sequence.
var grantColumns = []string{"item_id", "recipient", "issued_at", "expires"}

// bulkFreeSkip issues the staged requests of uncapped items whose
// recipient holds no grant of the item, in one INSERT, in order of item
// and recipient (so that it waits on concurrent issues' keys in the order
// they take them), and returns how many each item issued.
const bulkFreeSkip = `WITH ins AS (
	INSERT INTO relief_grants (item_id, recipient, issued_at, expires)
	SELECT item_id, recipient, issued_at, expires FROM relief_stage
	WHERE item_id = ANY($1::int[]) ORDER BY item_id, recipient
	ON CONFLICT (item_id, recipient) DO NOTHING
	RETURNING item_id)
SELECT item_id, count(*) FROM ins GROUP BY item_id`

// bulkCapped issues the staged requests of the capped item $1 (its
// number; cap $3, sequence $2) in one INSERT: those whose recipient holds
// no grant take serials from the sequence, in order of recipient, and are
// granted while the serial is within the cap. It returns the requests
// staged, those that took a serial, those granted, the ordinals of those
// left past the cap (for relief_issue_units), and the least and greatest
// serial taken (0 for none). It is tried first without a conflict clause
// (plainFirst): only a concurrent issue to one of the recipients, after
// the check for held grants, fails it, and then the serials it took are
// gaps, which the sweep lists. With ON CONFLICT DO NOTHING (%s), a
// request that took a serial within the cap but lost the insert holds
// the other issue's grant, and its serial is a gap.
const bulkCapped = `WITH staged AS MATERIALIZED (
	SELECT ord, recipient, issued_at, expires FROM relief_stage WHERE item_id = $1),
want AS MATERIALIZED (
	SELECT s.ord, s.recipient, s.issued_at, s.expires, nextval($2::regclass) AS serial
	FROM (SELECT * FROM staged ORDER BY recipient) s
	WHERE NOT EXISTS (SELECT FROM relief_grants g WHERE g.item_id = $1 AND g.recipient = s.recipient)),
ins AS (
	INSERT INTO relief_grants (item_id, capped, recipient, serial, issued_at, expires)
	SELECT $1, true, recipient, serial, issued_at, expires FROM want WHERE serial <= $3%s
	RETURNING 1)
SELECT (SELECT count(*) FROM staged), (SELECT count(*) FROM want), (SELECT count(*) FROM ins),
	coalesce((SELECT array_agg(ord) FROM want WHERE serial > $3), '{}'),
	coalesce((SELECT min(serial) FROM want), 0), coalesce((SELECT max(serial) FROM want), 0)`

// skipHeld is the conflict clause of bulkCapped's second try.
const skipHeld = `
	ON CONFLICT (item_id, recipient) DO NOTHING`

// IssueBulk issues many requests at the database's load speed, in one
// transaction, tried again whole where it raced a concurrent issue. Each
// item's requests are loaded by COPY straight into the grants, under a
// savepoint: the uncapped items' in order of item and recipient, with
// serials from the shared sequence; each capped item's in order of
// recipient, with serials from its own sequence taken in one statement.
// Where every request is new (a first push to a nation) that is all it
// costs. Where a recipient holds the item already, the primary key
// refuses the COPY at once, and those requests are copied into a
// temporary table of the connection's own and issued from there in one
// INSERT that skips those held (for a capped item, taking a serial only
// for a recipient that holds none). A capped item's requests left past
// the cap then go, in batches of [grants.MaxBatch], through the path
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
	p, err := l.planBulk(ctx, batch)
	if err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return nil, nil
	}
	var residue []grants.Request
	for attempt := 0; ; attempt++ {
		residue, err = l.bulkOnce(ctx, p)
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
			t := &p.tallies[p.byItem[residue[i].Grant.Item]]
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
	return p.tallies, nil
}

// bulkPlan is a checked bulk: a Tally for each item, in order of first
// appearance, each item's place among them and its registration, and each
// request's item.
type bulkPlan struct {
	batch   []grants.Request
	tallies []Tally
	byItem  map[string]int
	infos   []*itemInfo // each tally's item
	of      []int32     // each request's tally
}

// id is the number of request i's item.
func (p *bulkPlan) id(i int) int32 { return p.infos[p.of[i]].id }

// planBulk checks batch and registers its items.
func (l *Ledger) planBulk(ctx context.Context, batch []grants.Request) (*bulkPlan, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(batch) > MaxBulk {
		return nil, fmt.Errorf("%w: a bulk of %d requests, at most %d", grants.ErrInvalid, len(batch), MaxBulk)
	}
	p := &bulkPlan{batch: batch, byItem: map[string]int{}, of: make([]int32, len(batch))}
	for i, r := range batch {
		if err := grants.CheckIssue(ctx, r.Grant, r.Cap); err != nil {
			return nil, fmt.Errorf("request %d: %w", i, err)
		}
		k, seen := p.byItem[r.Grant.Item]
		switch {
		case !seen:
			info, err := l.ensureItem(ctx, r.Grant.Item, r.Cap)
			if err != nil {
				return nil, err
			}
			k = len(p.tallies)
			p.byItem[r.Grant.Item] = k
			p.tallies, p.infos = append(p.tallies, Tally{Item: r.Grant.Item, Cap: r.Cap}), append(p.infos, info)
		case p.tallies[k].Cap != r.Cap:
			return nil, fmt.Errorf("%w: request %d: %s with cap %d, and with cap %d before", grants.ErrInvalid, i, r.Grant.Item, r.Cap, p.tallies[k].Cap)
		}
		p.of[i] = int32(k)
	}
	return p, nil
}

// bulkOnce is IssueBulk's transaction: it issues the plan's requests, adds
// what it did to the tallies (reset first, so that a retry counts once),
// and returns the capped requests left past their caps. After it
// commits, it takes the sweep steps the capped serials it issued call
// for.
func (l *Ledger) bulkOnce(ctx context.Context, p *bulkPlan) ([]grants.Request, error) {
	for i := range p.tallies {
		p.tallies[i].New, p.tallies[i].Held, p.tallies[i].SoldOut = 0, 0, 0
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
	free, capped := p.split()
	stage, err := p.copyFree(ctx, tx, free)
	if err != nil {
		return nil, err
	}
	freeStaged := len(stage) > 0
	var residue []grants.Request
	var swept []sweepSpan
	var careful []int // the capped items issued from the stage
	for k, which := range capped {
		info := p.infos[k]
		if len(which) == 0 {
			continue
		}
		if !info.careful.Load() && !info.pastCap.Load() {
			ok, past, span, err := p.copyCapped(ctx, tx, k, which)
			if err != nil {
				return nil, err
			}
			if ok {
				residue, swept = append(residue, past...), append(swept, span)
				continue
			}
			info.careful.Store(true)
		}
		stage, careful = append(stage, which...), append(careful, k)
	}
	if len(stage) > 0 {
		if err := p.stage(ctx, tx, stage); err != nil {
			return nil, err
		}
	}
	if freeStaged {
		if err := p.skipFree(ctx, tx); err != nil {
			return nil, err
		}
	}
	for _, k := range careful {
		past, span, err := p.cappedFromStage(ctx, tx, k)
		if err != nil {
			return nil, err
		}
		residue, swept = append(residue, past...), append(swept, span)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	for _, s := range swept {
		l.sweepSpan(ctx, s)
	}
	return residue, nil
}

// split returns the indices of the uncapped requests, and each capped
// item's (by its tally).
func (p *bulkPlan) split() (free []int, capped [][]int) {
	capped = make([][]int, len(p.tallies))
	for i, r := range p.batch {
		if r.Cap == 0 {
			free = append(free, i)
		} else {
			capped[p.of[i]] = append(capped[p.of[i]], i)
		}
	}
	return free, capped
}

// cappedFromStage issues the capped item k's staged requests
// (bulkCapped), sets its tally, and returns those left past the cap and
// the serials it took. Where it found none held, the item's next bulk
// is loaded by COPY again.
func (p *bulkPlan) cappedFromStage(ctx context.Context, tx pgx.Tx, k int) ([]grants.Request, sweepSpan, error) {
	info, t := p.infos[k], &p.tallies[k]
	var nStaged, nWant, nNew, lo, hi int64
	var past []int32
	err := plainFirst(ctx, tx, func(tx pgx.Tx, conflict string) error {
		return tx.QueryRow(ctx, fmt.Sprintf(bulkCapped, conflict), info.id, info.seq, t.Cap).Scan(&nStaged, &nWant, &nNew, &past, &lo, &hi)
	})
	if err != nil {
		return nil, sweepSpan{}, err
	}
	t.New, t.Held = nNew, nStaged-nWant+(nWant-int64(len(past))-nNew)
	residue := make([]grants.Request, len(past))
	for j, ord := range past {
		residue[j] = p.batch[ord]
	}
	if nStaged == nWant && len(past) == 0 {
		info.careful.Store(false) // none held: the next may be loaded
	}
	return residue, sweepSpan{t.Item, lo, hi}, nil
}

// stage copies the requests at the indices which into relief_stage.
func (p *bulkPlan) stage(ctx context.Context, tx pgx.Tx, which []int) error {
	if _, err := tx.Exec(ctx, stageTable); err != nil {
		return err
	}
	rows := pgx.CopyFromSlice(len(which), func(j int) ([]any, error) {
		i := which[j]
		g := p.batch[i].Grant
		return []any{int32(i), p.id(i), g.Recipient, g.IssuedAt, expiry(g)}, nil
	})
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"relief_stage"}, []string{"ord", "item_id", "recipient", "issued_at", "expires"}, rows)
	return err
}

// copyFree loads the uncapped requests at the indices free by COPY into
// the grants, in order of item and recipient, under a savepoint, and
// counts each as New. Where the primary key refuses one (a recipient
// holds the item), it rolls back to the savepoint, counts each as Held
// until skipFree issues it, and returns the indices to stage.
func (p *bulkPlan) copyFree(ctx context.Context, tx pgx.Tx, free []int) ([]int, error) {
	if len(free) == 0 {
		return nil, nil
	}
	slices.SortFunc(free, func(a, b int) int {
		return cmp.Or(cmp.Compare(p.id(a), p.id(b)), strings.Compare(p.batch[a].Grant.Recipient, p.batch[b].Grant.Recipient))
	})
	rows := pgx.CopyFromSlice(len(free), func(j int) ([]any, error) {
		g := p.batch[free[j]].Grant
		return []any{p.id(free[j]), g.Recipient, g.IssuedAt, expiry(g)}, nil
	})
	held, err := underSavepoint(ctx, tx, func(sp pgx.Tx) error {
		_, err := sp.CopyFrom(ctx, pgx.Identifier{"relief_grants"}, grantColumns, rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, i := range free {
		if t := &p.tallies[p.of[i]]; held {
			t.Held++ // until skipFree issues it
		} else {
			t.New++
		}
	}
	if held {
		return free, nil
	}
	return nil, nil
}

// copyCapped loads the capped item k's requests at the indices which by
// COPY into the grants, in order of recipient, with serials taken from
// the item's sequence in one statement, under a savepoint: those within
// the cap are granted, and counted New; those past it are returned, for
// relief_issue_units. Where the primary key refuses one (a recipient
// holds the item), it rolls back to the savepoint and returns false: the
// serials it took are gaps, which the sweep lists, and the item's
// requests go through the stage (bulkCapped), which takes a serial only
// for a recipient that holds none, until a bulk finds none held.
func (p *bulkPlan) copyCapped(ctx context.Context, tx pgx.Tx, k int, which []int) (bool, []grants.Request, sweepSpan, error) {
	info, t := p.infos[k], &p.tallies[k]
	slices.SortFunc(which, func(a, b int) int { return strings.Compare(p.batch[a].Grant.Recipient, p.batch[b].Grant.Recipient) })
	rows, err := tx.Query(ctx, `SELECT nextval($1::regclass) FROM generate_series(1, $2::int)`, info.seq, len(which))
	if err != nil {
		return false, nil, sweepSpan{}, err
	}
	serials, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return false, nil, sweepSpan{}, err
	}
	slices.Sort(serials)
	within, _ := slices.BinarySearch(serials, t.Cap+1)
	src := pgx.CopyFromSlice(within, func(j int) ([]any, error) {
		g := p.batch[which[j]].Grant
		return []any{info.id, true, g.Recipient, serials[j], g.IssuedAt, expiry(g)}, nil
	})
	held, err := underSavepoint(ctx, tx, func(sp pgx.Tx) error {
		_, err := sp.CopyFrom(ctx, pgx.Identifier{"relief_grants"}, []string{"item_id", "capped", "recipient", "serial", "issued_at", "expires"}, src)
		return err
	})
	if err != nil || held {
		return false, nil, sweepSpan{}, err
	}
	t.New = int64(within)
	past := make([]grants.Request, 0, len(which)-within)
	for _, i := range which[within:] {
		past = append(past, p.batch[i])
	}
	return true, past, sweepSpan{t.Item, serials[0], serials[len(serials)-1]}, nil
}

// skipFree issues the staged uncapped requests whose recipient holds no
// grant (bulkFreeSkip), and moves what it issued from each item's Held
// to New.
func (p *bulkPlan) skipFree(ctx context.Context, tx pgx.Tx) error {
	var ids []int32
	byID := map[int32]*Tally{}
	for k, info := range p.infos {
		if t := &p.tallies[k]; t.Cap == 0 {
			ids, byID[info.id] = append(ids, info.id), t
		}
	}
	rows, err := tx.Query(ctx, bulkFreeSkip, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int32
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		if t := byID[id]; t != nil {
			t.New, t.Held = t.New+n, t.Held-n
		}
	}
	return rows.Err()
}

// underSavepoint runs f under a savepoint of tx, and rolls back to it
// where the grants' primary key refuses a row (held: a recipient holds
// the item), so that tx goes on.
func underSavepoint(ctx context.Context, tx pgx.Tx, f func(pgx.Tx) error) (held bool, err error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, err
	}
	switch err := f(sp); {
	case heldAlready(err):
		return true, sp.Rollback(ctx)
	case err != nil:
		return false, err
	}
	return false, sp.Commit(ctx)
}

// heldAlready reports whether err is the grants' primary key refusing a
// row: a recipient holds the item.
func heldAlready(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "relief_grants_pkey"
}

// plainFirst runs stmt with no conflict clause under a savepoint, and,
// where the grants' primary key refuses a row (a recipient holds the
// item), rolls back to the savepoint and runs it again with skipHeld.
func plainFirst(ctx context.Context, tx pgx.Tx, stmt func(tx pgx.Tx, conflict string) error) error {
	held, err := underSavepoint(ctx, tx, func(sp pgx.Tx) error { return stmt(sp, "") })
	if err != nil || !held {
		return err
	}
	return stmt(tx, skipHeld)
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
