// Package pgledger is a grants.Ledger on PostgreSQL, so that every replica
// of a service shares one ledger: one grant per item and recipient is
// enforced by a primary key, and one grant per serial of a capped item
// by a unique index, so its cap holds across processes, not just
// goroutines. A capped item has its own sequence: an issue takes the next
// serial, and is granted while that is within the cap, in one INSERT with
// no row lock, so concurrent issues of one item do not wait on each
// other. A serial an issue took but did not keep (it failed, or lost a
// race to its recipient) or a crash skipped is a gap. A sweep, trailing
// the sequence in steps of bounded size that each commit, lists the gaps
// (relief_sweep, relief_free); once the sequence is past the cap, issues
// take the listed serials, and are sold out only when the sweep has
// reached the cap and none is listed. No issue walks the item's grants,
// so the last unit costs what the first does, however large the cap;
// [Ledger.Prepare] sweeps, once, grants the ledger did not issue. So a
// capped item's serials are unique and within 1..cap, mostly in the order
// of issue (a gap filled at the end is not), and all of them are issued
// once it sells out. An uncapped item takes serials from a sequence
// shared by every uncapped item (unique and rising per item, with gaps).
// A batch (grants.Ledger.IssueBatch) is one round trip and one
// transaction, whatever its recipients: one statement for its uncapped
// grants and one for each capped item's, so that issuing one item to a
// thousand recipients costs about what a few single issues do; a batch
// that fails issued nothing. It passes grants/ledgertest against a real
// server. [Ledger.IssueBulk] issues many requests at about the speed the
// database loads rows (COPY straight into the grants, through a temporary
// table only where a recipient holds the item), for a job that credits
// everyone with no claim; such a job's record ([Ledger.StartJob],
// [Ledger.Checkpoint]) lets it resume after a crash.
//
// The schema is versioned SQL in migrations/, embedded in the binary and
// applied by goose ([Migrate], which [New] calls): the tables in
// 00001_tables.sql (which also brings any earlier build's tables, made
// with no version, to this one's), the PL/pgSQL functions in
// 00002_functions.sql, the bulk jobs' records in 00003_jobs.sql, and in
// 00004_compact_grants.sql a grant in under half the bytes (items by
// number, the serial index on capped grants only; the view relief_held
// shows the grants with their items' names), and in
// 00005_sold_out_after_the_sweep.sql relief_issue_units reading how far
// the sweep has gone before it reads the serials listed, so that an item
// is never sold out while a serial is listed. A database at a newer version
// than the build knows is refused ([SchemaError]).
package pgledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/grants"
)

var kst = grants.KST()

// Ledger is a [grants.Ledger] on a PostgreSQL connection pool. It is safe
// for concurrent use, and any number of Ledgers, in any number of
// processes, may share one database.
type Ledger struct {
	pool  *pgxpool.Pool
	items sync.Map // item ID -> *itemInfo, once registered
}

// itemInfo is an item as the ledger registered it: its cap and, for a
// capped item, its sequence, and whether this Ledger has seen the
// sequence past the cap (from then on its issues go straight to
// relief_issue_units).
type itemInfo struct {
	id      int32 // relief_items.id, the grants' item_id
	cap     int64
	seq     string
	pastCap atomic.Bool
	// careful says this Ledger's last bulk of the item found a recipient
	// holding it: the next bulk takes serials only for those holding none
	// (IssueBulk).
	careful atomic.Bool
}

// The sweep for serials left over (relief_sweep) goes sweepChunk serials
// a step. While a capped item is within its cap, the issue that takes a
// serial divisible by sweepEvery sweeps one step behind it, as far as
// sweepLag serials before it (those nearer may be in flight), so that
// the sweep trails the sequence by at most about sweepLag + sweepChunk
// serials and the item sells out after a step or two, whatever its cap.
// A step over sweepChunk held serials takes about 20 ms.
const (
	sweepChunk = 65536
	sweepEvery = 16384
	sweepLag   = 65536
)

// New returns a ledger on pool, bringing its tables to this build's
// schema first (see [Migrate]): it refuses a database whose schema is
// newer than this build knows, with a [*SchemaError].
func New(ctx context.Context, pool *pgxpool.Pool) (*Ledger, error) {
	if _, err := Migrate(ctx, pool); err != nil {
		return nil, err
	}
	return &Ledger{pool: pool}, nil
}

const selectGrant = `SELECT item, recipient, serial, issued_at, expires FROM relief_held`

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

// insertedOrHeld ends the statements of a single issue (item number $1
// to $2), whose CTE ins inserts the grant: the row it inserted, else the
// grant already held as the statement's snapshot sees it.
const insertedOrHeld = `
	ON CONFLICT (item_id, recipient) DO NOTHING
	RETURNING serial, issued_at, expires)
SELECT serial, issued_at, expires, false, true FROM ins
UNION ALL
SELECT serial, issued_at, expires, false, false FROM relief_grants WHERE item_id = $1 AND recipient = $2
LIMIT 1`

// issueFree issues one uncapped item in one plain statement: the INSERT
// with a serial from the shared sequence, or else the grant already held
// as this statement's snapshot sees it. Like every issuing statement here
// it returns serial, issue time, expiry, sold out and new.
const issueFree = `WITH ins AS (
	INSERT INTO relief_grants (item_id, recipient, issued_at, expires)
	VALUES ($1, $2, $3, $4)` + insertedOrHeld

// issueFreeBatch issues uncapped items to one recipient ($1) in one
// statement: $2 the items' numbers, $3 their expiries, $4 the issue time. It
// returns, per item in order, the new grant or the one already held; no
// grant where a concurrent issue to the recipient committed after this
// statement's snapshot (try again). One claimant's entitlement, the
// service's every claim, takes this form.
const issueFreeBatch = `WITH req AS (
	SELECT * FROM unnest($2::int[], $3::timestamptz[]) WITH ORDINALITY AS r(item_id, expires, ord)),
ins AS (
	INSERT INTO relief_grants (item_id, recipient, issued_at, expires)
	SELECT item_id, $1, $4, expires FROM req ORDER BY ord
	ON CONFLICT (item_id, recipient) DO NOTHING
	RETURNING item_id, serial, issued_at, expires)
SELECT coalesce(i.serial, g.serial), coalesce(i.issued_at, g.issued_at), coalesce(i.expires, g.expires), false, i.item_id IS NOT NULL
FROM req LEFT JOIN ins i USING (item_id)
	LEFT JOIN relief_grants g ON i.item_id IS NULL AND g.item_id = req.item_id AND g.recipient = $1
ORDER BY req.ord`

// issueFreeBulk is issueFreeBatch for many recipients: $1 the items'
// numbers, $2
// their recipients, $3 the issue times, $4 the expiries, index by index.
// It inserts in order of item and recipient, so that concurrent batches
// wait on each other's keys in one order, and looks each held grant up
// by its key (OFFSET 0 keeps the planner from joining the whole table).
const issueFreeBulk = `WITH req AS (
	SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[])
		WITH ORDINALITY AS r(item_id, recipient, issued_at, expires, ord)),
ins AS (
	INSERT INTO relief_grants (item_id, recipient, issued_at, expires)
	SELECT item_id, recipient, issued_at, expires FROM req ORDER BY item_id, recipient
	ON CONFLICT (item_id, recipient) DO NOTHING
	RETURNING item_id, recipient, serial, issued_at, expires)
SELECT coalesce(i.serial, g.serial), coalesce(i.issued_at, g.issued_at), coalesce(i.expires, g.expires), false, i.item_id IS NOT NULL
FROM req LEFT JOIN ins i USING (item_id, recipient)
	LEFT JOIN LATERAL (SELECT * FROM relief_grants g WHERE i.item_id IS NULL
		AND g.item_id = req.item_id AND g.recipient = req.recipient OFFSET 0) g ON true
ORDER BY req.ord`

// issueCapped issues a capped item to one recipient in one plain
// statement (item number $1 to $2, cap $3, issued at $4, expiring $5;
// $6 is the item's sequence, $7 its ID): a serial from the sequence, taken only where the recipient
// holds no grant, and the grant; or the grant already held, as this
// statement's snapshot sees it. Where the sequence is past the cap or a
// concurrent issue to the recipient won the insert, it fails with RLPCP
// (relief_past_cap), so that the transaction it is part of issues
// nothing: relief_issue_units sorts those out.
const issueCapped = `WITH unit AS (
	SELECT nextval($6::regclass) AS serial
	WHERE NOT EXISTS (SELECT FROM relief_grants WHERE item_id = $1 AND recipient = $2)),
ins AS (
	INSERT INTO relief_grants (item_id, capped, recipient, serial, issued_at, expires)
	SELECT $1, true, $2, serial, $4, $5 FROM unit WHERE serial <= $3
	ON CONFLICT (item_id, recipient) DO NOTHING
	RETURNING serial, issued_at, expires),
one AS (
	SELECT serial, issued_at, expires, false AS sold_out, true AS new FROM ins
	UNION ALL
	SELECT serial, issued_at, expires, false, false FROM relief_grants WHERE item_id = $1 AND recipient = $2
	LIMIT 1)
SELECT * FROM one
UNION ALL
SELECT relief_past_cap($7, (SELECT serial FROM unit), $3), NULL, NULL, false, false WHERE NOT EXISTS (SELECT FROM one)`

// issueUnits is the statement that calls relief_issue_units.
const issueUnits = `SELECT * FROM relief_issue_units($1, $2, $3::regclass, $4, $5, $6)`

// Issue implements [grants.Ledger.Issue] in one plain statement: an
// uncapped item's issueFree, a capped one's issueCapped, or, where that
// returns nothing, relief_issue_units.
func (l *Ledger) Issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if err := grants.CheckIssue(ctx, g, cap); err != nil {
		return grants.Grant{}, err
	}
	info, err := l.ensureItem(ctx, g.Item, cap)
	if err != nil {
		return grants.Grant{}, err
	}
	stmt, args := issueFree, []any{info.id, g.Recipient, g.IssuedAt, expiry(g)}
	if cap > 0 {
		stmt, args = issueCapped, []any{info.id, g.Recipient, cap, g.IssuedAt, expiry(g), info.seq, g.Item}
	}
	// Past the cap, or raced: relief_issue_units.
	units := func() (grants.Grant, error) {
		out, err := l.issueBatch(ctx, []grants.Request{{Grant: g, Cap: cap}}, false)
		if err != nil {
			return grants.Grant{}, err
		}
		return out[0].Grant, out[0].Err
	}
	if cap > 0 && l.info(g.Item).pastCap.Load() {
		return units()
	}
	for range raceRetries {
		var exp *time.Time
		var soldOut, isNew bool // as readOutcomes reads them; a single issue needs neither
		err := l.pool.QueryRow(ctx, stmt, args...).Scan(&g.Serial, &g.IssuedAt, &exp, &soldOut, &isNew)
		var pgErr *pgconn.PgError
		switch {
		case errors.As(err, &pgErr) && pgErr.Code == "RLPCP":
			l.notePastCap(pgErr)
			return units()
		case errors.Is(err, pgx.ErrNoRows), errors.As(err, &pgErr) && raced(pgErr):
			// A concurrent issue to the recipient committed after this
			// statement's snapshot, or took its serial: the next
			// statement sees it.
			continue
		case err != nil:
			return grants.Grant{}, wrap(err)
		}
		g.IssuedAt, g.Expires = g.IssuedAt.In(kst), time.Time{}
		if exp != nil {
			g.Expires = exp.In(kst)
		}
		if cap > 0 {
			l.sweepBehind(ctx, g, isNew)
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

// raced reports whether a statement failed for a concurrent issue, so
// that trying it again sees what that issue did: a serialization failure
// (a grant committed after the snapshot), a deadlock the server broke, or
// a unique violation (a serial left over that another issue took).
func raced(err *pgconn.PgError) bool {
	return err.Code == "40001" || err.Code == "40P01" || err.Code == "23505"
}

// errRetry is readOutcomes' word that a grant met a concurrent issue to
// its recipient committed after the statement's snapshot.
var errRetry = errors.New("pgledger: retry")

// notePastCap remembers an item whose sequence issueCapped found past
// the cap (RLPCP with DETAIL past; the item in HINT), so that this
// Ledger's issues of it go straight to relief_issue_units.
func (l *Ledger) notePastCap(err *pgconn.PgError) {
	if err.Detail == "past" {
		l.info(err.Hint).pastCap.Store(true)
	}
}

// IssueBatch implements [grants.Ledger.IssueBatch] in one round trip and
// one transaction: the uncapped requests in one statement
// (issueFreeBatch for one recipient, issueFreeBulk for several), each
// capped item's in one more (issueCapped for one recipient,
// relief_issue_units for several, in order of item), sent together in a
// pipeline between BEGIN and COMMIT where there is more than one. A batch
// that raced a concurrent issue (see raced) is tried again whole: every
// request is idempotent, so the retry returns what the other issue made.
// A batch where issueCapped could not serve a lone recipient (RLPCP) is
// tried again with relief_issue_units for every capped item; one where
// that found no serial listed before the sweep reached the cap (RLSWP)
// is tried again after the ledger sweeps. Either way the failed attempt
// issued nothing, so an error from IssueBatch means the whole batch was
// not issued.
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
	plan, err := l.planBatch(ctx, batch, lone)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; {
		b, reads := plan.queue(out)
		err := l.send(ctx, b, reads)
		var pgErr *pgconn.PgError
		switch {
		case err == nil:
			plan.sweepBehind(ctx, l, out)
			return out, nil
		case errors.As(err, &pgErr) && pgErr.Code == "RLPCP" && plan.lone:
			plan.lone = false
			l.notePastCap(pgErr)
		case errors.As(err, &pgErr) && pgErr.Code == "RLSWP":
			// Progress, not a race: each sweep step commits.
			if err := l.sweep(ctx, pgErr.Hint, l.info(pgErr.Hint).cap, true); err != nil {
				return nil, err
			}
		case (errors.Is(err, errRetry) || errors.As(err, &pgErr) && raced(pgErr)) && attempt < raceRetries:
			attempt++
		default:
			return nil, wrap(err)
		}
	}
}

// batchPlan is a batch split for its statements: the uncapped requests,
// and the capped ones in one run of indices per item (sorted by item and
// recipient), with each item's sequence.
type batchPlan struct {
	l     *Ledger
	batch []grants.Request
	free  []int
	runs  [][]int
	seqs  []string // each run's item's sequence
	ids   []int32  // each run's item's number
	lone  bool     // a capped item's lone request may be issued by issueCapped
}

// sweepBehind runs Ledger.sweepBehind for each capped request's outcome.
func (p *batchPlan) sweepBehind(ctx context.Context, l *Ledger, out []grants.Outcome) {
	for _, run := range p.runs {
		for _, i := range run {
			l.sweepBehind(ctx, out[i].Grant, out[i].New)
		}
	}
}

// planBatch splits batch into its plan, its items ensured.
func (l *Ledger) planBatch(ctx context.Context, batch []grants.Request, lone bool) (*batchPlan, error) {
	p := &batchPlan{l: l, batch: batch, lone: lone}
	var capped []int
	for i, r := range batch {
		if r.Cap == 0 {
			p.free = append(p.free, i)
		} else {
			capped = append(capped, i)
		}
	}
	if err := l.ensureItems(ctx, batch); err != nil {
		return nil, err
	}
	slices.SortFunc(capped, func(a, b int) int {
		x, y := batch[a].Grant, batch[b].Grant
		return cmp.Or(strings.Compare(x.Item, y.Item), strings.Compare(x.Recipient, y.Recipient))
	})
	for j := 0; j < len(capped); {
		k := j + 1
		for k < len(capped) && batch[capped[k]].Grant.Item == batch[capped[j]].Grant.Item {
			k++
		}
		info, err := l.ensureItem(ctx, batch[capped[j]].Grant.Item, batch[capped[j]].Cap)
		if err != nil {
			return nil, err
		}
		if k == j+1 && info.pastCap.Load() {
			p.lone = false
		}
		p.runs, p.seqs, p.ids = append(p.runs, capped[j:k]), append(p.seqs, info.seq), append(p.ids, info.id)
		j = k
	}
	return p, nil
}

// queue makes the plan's statements into a new pgx.Batch (a sent one
// remembers its prepared statements, which an error has since
// deallocated), in one transaction where there are several, with the
// reads that fill out.
func (p *batchPlan) queue(out []grants.Outcome) (*pgx.Batch, []func(pgx.BatchResults) error) {
	batch := p.batch
	b := &pgx.Batch{}
	var reads []func(pgx.BatchResults) error
	statements := len(p.runs)
	if len(p.free) > 0 {
		statements++
	}
	if statements > 1 {
		b.Queue("BEGIN")
		reads = append(reads, exec)
	}
	if free := p.free; len(free) > 0 {
		items, recipients, at, expires := p.columns(free)
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
	for k, run := range p.runs {
		r := batch[run[0]]
		if p.lone && len(run) == 1 {
			b.Queue(issueCapped, p.ids[k], r.Grant.Recipient, r.Cap, r.Grant.IssuedAt, expiry(r.Grant), p.seqs[k], r.Grant.Item)
			reads = append(reads, func(br pgx.BatchResults) error { return readOutcomes(br, batch, run, out) })
			continue
		}
		_, recipients, at, expires := p.columns(run)
		b.Queue(issueUnits, r.Grant.Item, r.Cap, p.seqs[k], recipients, at, expires)
		reads = append(reads, func(br pgx.BatchResults) error { return readOutcomes(br, batch, run, out) })
	}
	if statements > 1 {
		b.Queue("COMMIT")
		reads = append(reads, exec)
	}
	return b, reads
}

// columns returns the items' numbers, recipients, issue times and
// expiries (nil for none) of the plan's requests at the indices which.
func (p *batchPlan) columns(which []int) (items []int32, recipients []string, at []time.Time, expires []*time.Time) {
	items, recipients = make([]int32, len(which)), make([]string, len(which))
	at, expires = make([]time.Time, len(which)), make([]*time.Time, len(which))
	for j, i := range which {
		g := p.batch[i].Grant
		items[j], recipients[j], at[j], expires[j] = p.l.info(g.Item).id, g.Recipient, g.IssuedAt, expiry(g)
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
	if j != len(which) {
		return fmt.Errorf("a statement returned %d rows for %d items", j, len(which))
	}
	return nil
}

// ensureItems checks every item's cap (and registers a new item) before
// any issue of a batch; a capped item's sequence is found again, from the
// cache, when its statement is made.
func (l *Ledger) ensureItems(ctx context.Context, batch []grants.Request) error {
	for i, r := range batch {
		if i > 0 && r.Grant.Item == batch[i-1].Grant.Item {
			continue
		}
		if _, err := l.ensureItem(ctx, r.Grant.Item, r.Cap); err != nil {
			return err
		}
	}
	return nil
}

// ensureItem registers the item with its cap the first time
// (relief_ensure_item), once per Ledger, and returns it as registered:
// its number and a capped item's sequence of serials (created the first
// time); an error wrapping grants.ErrCapChanged where the item holds
// another cap.
func (l *Ledger) ensureItem(ctx context.Context, item string, cap int64) (*itemInfo, error) {
	if v, ok := l.items.Load(item); ok {
		info := v.(*itemInfo)
		if info.cap != cap {
			return nil, fmt.Errorf("pgledger: %w: %s has cap %d, asked with %d", grants.ErrCapChanged, item, info.cap, cap)
		}
		return info, nil
	}
	var seq *string
	info := &itemInfo{cap: cap}
	err := l.pool.QueryRow(ctx, `SELECT o_id, o_seq FROM relief_ensure_item($1, $2)`, item, cap).Scan(&info.id, &seq)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "RLCAP":
		return nil, fmt.Errorf("pgledger: %w: %s has cap %s, asked with %d", grants.ErrCapChanged, item, pgErr.Detail, cap)
	case err != nil:
		return nil, wrap(err)
	}
	if seq != nil {
		info.seq = *seq
	}
	v, _ := l.items.LoadOrStore(item, info)
	return v.(*itemInfo), nil
}

// info returns the item as this Ledger registered it; an item not
// registered yet gets a blank entry (a capped item's issue registers it
// before it asks).
func (l *Ledger) info(item string) *itemInfo {
	v, ok := l.items.Load(item)
	if !ok {
		return &itemInfo{}
	}
	return v.(*itemInfo)
}

// sweep runs relief_sweep steps, each in a transaction of its own, until
// the item's sweep reaches upto (or the cap), or, with untilFound, until
// a step lists a serial left over. Concurrent sweeps of one item take
// turns on its row lock, each going on from where the last stopped.
func (l *Ledger) sweep(ctx context.Context, item string, upto int64, untilFound bool) error {
	for {
		var swept, found int64
		err := l.pool.QueryRow(ctx, `SELECT o_swept, o_found FROM relief_sweep($1, $2, $3)`, item, upto, sweepChunk).Scan(&swept, &found)
		switch {
		case err != nil:
			return wrap(err)
		case untilFound && found > 0:
			return nil
		}
		info := l.info(item)
		if swept >= min(upto, info.cap) {
			return nil
		}
	}
}

// sweepBehind takes one sweep step, as far as sweepLag serials before
// g's, where g is a capped item's grant just issued (isNew) with a serial
// divisible by sweepEvery. It is an issue's work ahead of the sell-out,
// not part of it: a failure here is left for the next step, or for the
// sweep at the cap.
func (l *Ledger) sweepBehind(ctx context.Context, g grants.Grant, isNew bool) {
	if isNew && g.Serial%sweepEvery == 0 && g.Serial > sweepLag {
		l.pool.Exec(ctx, `SELECT relief_sweep($1, $2, $3)`, g.Item, g.Serial-sweepLag, sweepChunk)
	}
}

// Prepare registers a capped item with its cap, as its first issue
// would, and brings the sweep for its serials left over up to about
// sweepLag serials behind the highest serial held, in steps of their own
// transactions. A service calls it at start for each capped item of its
// catalogue, before it is ready: grants of the item that this ledger did
// not issue (loaded in bulk, or from the version before the sweep) are
// then swept once, at start, not by the claims that meet the cap.
// Prepare on an uncapped item only registers it.
func (l *Ledger) Prepare(ctx context.Context, item string, cap int64) error {
	if err := grants.CheckIdentity("item", item); err != nil {
		return err
	}
	if cap < 0 {
		return fmt.Errorf("%w: prepare %s with cap %d", grants.ErrInvalid, item, cap)
	}
	info, err := l.ensureItem(ctx, item, cap)
	if err != nil || cap == 0 {
		return err
	}
	var high int64
	if err := l.pool.QueryRow(ctx, `SELECT coalesce(max(serial), 0) FROM relief_grants WHERE item_id = $1 AND capped`, info.id).Scan(&high); err != nil {
		return wrap(err)
	}
	return l.sweep(ctx, item, high-sweepLag, false)
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
	err := l.pool.QueryRow(ctx, `SELECT count(*) FROM relief_grants WHERE item_id = (SELECT id FROM relief_items WHERE item = $1)`, item).Scan(&n)
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
