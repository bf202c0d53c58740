package pgledger_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/grants/ledgertest"
)

func newLedger(t testing.TB, pool *pgxpool.Pool) *pgledger.Ledger {
	t.Helper()
	l, err := pgledger.New(context.Background(), pool)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLedgerConforms(t *testing.T) {
	pool := pgtest.Pool(t, pgtest.NewSchema())
	ledgertest.Run(t, func(t *testing.T) grants.Ledger { return newLedger(t, pool) })
}

// Two replicas (two pools, two Ledgers on one database) race over the last
// units of a capped item: exactly the cap is issued, no recipient twice.
func TestTwoReplicasShareOneCap(t *testing.T) {
	schema := pgtest.NewSchema()
	a, b := newLedger(t, pgtest.Pool(t, schema)), newLedger(t, pgtest.Pool(t, schema))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const item, cap, before = "kakao1015/talk-drawer-plus-1m", 200, 180
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	early := map[int64]bool{}
	for i := range before {
		g, err := a.Issue(ctx, grants.Grant{Item: item, Recipient: fmt.Sprintf("early-%d", i), IssuedAt: at}, cap)
		if err != nil {
			t.Fatal(err)
		}
		early[g.Serial] = true
	}
	var mu sync.Mutex
	won := map[string]int64{} // recipient -> serial
	soldOut := 0
	var wg sync.WaitGroup
	for r := range 32 {
		l := a
		if r%2 == 1 {
			l = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 3 {
				// Racers r and r+16 share recipients, on different replicas.
				who := fmt.Sprintf("racer-%d-%d", r%16, k)
				g, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: who, IssuedAt: at}, cap)
				mu.Lock()
				switch {
				case errors.Is(err, grants.ErrSoldOut):
					soldOut++
				case err != nil:
					t.Errorf("racer %d: %v", r, err)
				default:
					if s, ok := won[who]; ok && s != g.Serial {
						t.Errorf("%s got serials %d and %d", who, s, g.Serial)
					}
					won[who] = g.Serial
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(won) != cap-before {
		t.Errorf("%d recipients won in the race, want %d", len(won), cap-before)
	}
	serials := map[int64]bool{}
	for _, s := range won {
		if serials[s] || early[s] || s < 1 || s > cap {
			t.Errorf("serial %d repeated, issued before the race, or outside 1..%d", s, cap)
		}
		serials[s] = true
	}
	for _, l := range []*pgledger.Ledger{a, b} {
		if n, err := l.Issued(ctx, item); err != nil || n != cap {
			t.Errorf("Issued = %d, %v; want %d", n, err, cap)
		}
	}
	t.Logf("%d recipients won the last %d passes; %d attempts found them sold out", len(won), cap-before, soldOut)
}

// Serials a capped item's sequence handed out but no grant kept (an issue
// that failed, a crash) are issued once the sequence passes the cap, by
// single issues and batches alike: the item sells out with every serial
// from 1 to the cap held once.
func TestSerialsLeftOverAreIssuedAtSellOut(t *testing.T) {
	pool := pgtest.Pool(t, pgtest.NewSchema())
	l := newLedger(t, pool)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const item, cap = "kakao1015/talk-drawer-plus-1m", 12
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	issue := func(who string) error {
		_, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: who, IssuedAt: at}, cap)
		return err
	}
	for i := range 3 {
		if err := issue(fmt.Sprint("first-", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Serials 4, 5 and 6 taken and lost, as a crash or failed issues lose
	// them; then serials 7 and 8 issued.
	if _, err := pool.Exec(ctx, `SELECT nextval(serials) FROM relief_items, generate_series(1, 3) WHERE item = $1`, item); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := issue(fmt.Sprint("second-", i)); err != nil {
			t.Fatal(err)
		}
	}
	// 4 single issues, then a batch of 6: 7 serials are left (4, 5, 6 and
	// 9 to 12), so the batch's last 3 are sold out.
	for i := range 4 {
		if err := issue(fmt.Sprint("single-", i)); err != nil {
			t.Fatal(err)
		}
	}
	var batch []grants.Request
	for i := range 6 {
		batch = append(batch, grants.Request{Grant: grants.Grant{Item: item, Recipient: fmt.Sprint("batch-", i), IssuedAt: at}, Cap: cap})
	}
	out, err := l.IssueBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, o := range out {
		got = append(got, fmt.Sprintf("%d new=%v sold out=%v", i, o.New, errors.Is(o.Err, grants.ErrSoldOut)))
	}
	want := []string{"0 new=true sold out=false", "1 new=true sold out=false", "2 new=true sold out=false",
		"3 new=false sold out=true", "4 new=false sold out=true", "5 new=false sold out=true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the batch at sell-out (-want +got):\n%s", diff)
	}
	if err := issue("late"); !errors.Is(err, grants.ErrSoldOut) {
		t.Errorf("an issue after the sell-out: %v, want sold out", err)
	}
	var serials []int64
	rows, err := pool.Query(ctx, `SELECT serial FROM relief_held WHERE item = $1 ORDER BY serial`, item)
	if err != nil {
		t.Fatal(err)
	}
	if serials, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		t.Fatal(err)
	}
	var all []int64
	for s := range int64(cap) {
		all = append(all, s+1)
	}
	if diff := cmp.Diff(all, serials); diff != "" {
		t.Errorf("serials held (-want +got):\n%s", diff)
	}
	if n, err := l.Issued(ctx, item); err != nil || n != cap {
		t.Errorf("Issued = %d, %v; want %d", n, err, cap)
	}
}

// One recipient claimed from many connections at once: the losers wait on
// the primary key and return the winner's grant, so each item is issued
// once, as its only serial.
func TestOneRecipientFromManyConnections(t *testing.T) {
	l := newLedger(t, pgtest.Pool(t, pgtest.NewSchema()))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range 20 {
		item := fmt.Sprintf("item-%d", i)
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: "same", IssuedAt: at}, 1)
				if err != nil || g.Serial != 1 {
					t.Errorf("%s: %+v, %v; want serial 1", item, g, err)
				}
			}()
		}
		wg.Wait()
		if n, err := l.Issued(ctx, item); err != nil || n != 1 {
			t.Errorf("%s issued %d, %v; want 1", item, n, err)
		}
	}
}

// clients runs n goroutines, as n database clients, that share b.N
// operations; op gets the operation's number, from 0.
func clients(b *testing.B, n int, op func(i int64) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				if err := op(i); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkIssue issues one item to fresh recipients from 1 and 16
// clients: an uncapped item (the emoticon, one INSERT) and a capped one
// (the Drawer pass, a serial from its own sequence). bench/run.sh reads
// them against pgbench's insert-only TPS on the same server.
func BenchmarkIssue(b *testing.B) {
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, item := range []struct {
		name string
		cap  int64
	}{{"uncapped", 0}, {"capped", 3_000_000}} {
		for _, n := range []int{1, 16} {
			b.Run(fmt.Sprintf("item=%s/clients=%d", item.name, n), func(b *testing.B) {
				l := newLedger(b, pgtest.Pool(b, pgtest.NewSchema()))
				ctx := context.Background()
				clients(b, n, func(i int64) error {
					_, err := l.Issue(ctx, grants.Grant{Item: "bench/" + item.name, Recipient: "user-" + strconv.FormatInt(i, 10), IssuedAt: at}, item.cap)
					return err
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "issues/s")
			})
		}
	}
}

// BenchmarkIssueBatch issues the heart package (three emoticons, two
// coupons, the capped Drawer pass) to fresh recipients from 1 and 16
// clients: each claimant's package in a batch of its own (as the service
// does), and 100 claimants' packages in one batch (600 grants, as a bulk
// issuer would).
func BenchmarkIssueBatch(b *testing.B) {
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	cat, err := grants.Kakao1015With(grants.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	var heart []grants.Item
	for _, id := range grants.HeartPackage() {
		it, err := cat.Item(id)
		if err != nil {
			b.Fatal(err)
		}
		heart = append(heart, it)
	}
	for _, per := range []int{1, 100} {
		for _, n := range []int{1, 16} {
			b.Run(fmt.Sprintf("claimants=%d/clients=%d", per, n), func(b *testing.B) {
				l := newLedger(b, pgtest.Pool(b, pgtest.NewSchema()))
				ctx := context.Background()
				claim := at.Add(time.Hour)
				clients(b, n, func(i int64) error {
					batch := make([]grants.Request, 0, per*len(heart))
					for c := range int64(per) {
						who := "user-" + strconv.FormatInt(i*int64(per)+c, 10)
						for _, it := range heart {
							r, err := it.Request(who, claim)
							if err != nil {
								return err
							}
							batch = append(batch, r)
						}
					}
					out, err := l.IssueBatch(ctx, batch)
					if err != nil {
						return err
					}
					for _, o := range out {
						if o.Err != nil {
							return o.Err
						}
					}
					return nil
				})
				claims := float64(b.N * per)
				b.ReportMetric(claims/b.Elapsed().Seconds(), "claims/s")
				b.ReportMetric(claims*float64(len(heart))/b.Elapsed().Seconds(), "grants/s")
			})
		}
	}
}

// A capped item whose first units were loaded in bulk sells out exactly,
// each issue within a deadline of a second however large the cap, with
// serials lost across the range or none: Prepare sweeps the bulk once,
// and the issues at the cap take the serials it listed.
func TestSellOutWithinTheDeadlineWhateverTheCap(t *testing.T) {
	const item, cap, loaded = "kakao1015/talk-drawer-plus-1m", 300_000, 299_990
	for _, tt := range []struct {
		name string
		lost []int64
	}{
		{"with no serial lost", nil},
		{"with serials lost from the first to the last", []int64{1, 2, 77, 65_536, 65_537, 150_000, 299_000, 299_990}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pool := pgtest.Pool(t, pgtest.NewSchema())
			l := newLedger(t, pool)
			pgtest.Load(t, pool, item, loaded, tt.lost)
			if err := l.Prepare(context.Background(), item, cap); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
			var mu sync.Mutex
			var issued, soldOut int
			var wg sync.WaitGroup
			for w := range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := 0; ; k++ {
						ctx, cancel := context.WithTimeout(context.Background(), time.Second)
						_, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: fmt.Sprintf("late-%d-%d", w, k), IssuedAt: at}, cap)
						cancel()
						mu.Lock()
						switch {
						case errors.Is(err, grants.ErrSoldOut):
							soldOut++
						case err != nil:
							t.Errorf("issue %d of worker %d: %v", k, w, err)
						default:
							issued++
						}
						done := soldOut >= 64 || err != nil && !errors.Is(err, grants.ErrSoldOut)
						mu.Unlock()
						if done {
							return
						}
					}
				}()
			}
			wg.Wait()
			if want := cap - loaded + len(tt.lost); issued != want {
				t.Errorf("%d issued at the cap, want %d", issued, want)
			}
			pgtest.CheckSoldOut(t, pool, item, cap)
		})
	}
}

// A batch that fails issues nothing of itself: here the deadline runs out
// while the issue of a capped item at its cap sweeps grants loaded in
// bulk, and the recipient's uncapped grant in the same batch is not kept
// either. With deadlines long enough to get through, both are issued.
func TestFailedBatchIssuesNothing(t *testing.T) {
	const item, cap = "kakao1015/talk-drawer-plus-1m", 200_000
	pool := pgtest.Pool(t, pgtest.NewSchema())
	l := newLedger(t, pool)
	pgtest.Load(t, pool, item, cap, []int64{cap / 2})
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	failed, held := 0, 0
	for i, d := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 60 * time.Millisecond, time.Minute} {
		who := fmt.Sprint("claimant-", i)
		ctx, cancel := context.WithTimeout(context.Background(), d)
		out, err := l.IssueBatch(ctx, []grants.Request{
			{Grant: grants.Grant{Item: "kakao1015/emoticon-permanent", Recipient: who, IssuedAt: at}},
			{Grant: grants.Grant{Item: item, Recipient: who, IssuedAt: at}, Cap: cap},
		})
		cancel()
		h, herr := l.Holdings(context.Background(), who)
		if herr != nil {
			t.Fatal(herr)
		}
		switch {
		case err != nil && len(h) != 0:
			t.Errorf("a batch with a deadline of %s failed (%v), yet %s holds %d grants", d, err, who, len(h))
		case err != nil:
			failed++
		case len(h) != 2-countErrs(out):
			t.Errorf("a batch with a deadline of %s succeeded, yet %s holds %d grants: outcomes %+v", d, who, len(h), out)
		default:
			held++
		}
	}
	if failed == 0 || held == 0 {
		t.Errorf("%d batches failed and %d went through: the test wants some of each", failed, held)
	}
}

func countErrs(out []grants.Outcome) int {
	n := 0
	for _, o := range out {
		if o.Err != nil {
			n++
		}
	}
	return n
}

// swept reads how far the sweep of item has gone, and the serials it
// listed.
func swept(t *testing.T, pool *pgxpool.Pool, item string) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	var n int64
	if err := pool.QueryRow(ctx, `SELECT swept FROM relief_items WHERE item = $1`, item).Scan(&n); err != nil {
		t.Fatal(err)
	}
	rows, err := pool.Query(ctx, `SELECT serial FROM relief_free WHERE item = $1 ORDER BY serial`, item)
	if err != nil {
		t.Fatal(err)
	}
	free, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return n, free
}

// While an item is within its cap, the issue that takes serial 98,304 (6
// x 16,384) sweeps one step, as far as 65,536 serials behind it: the
// serials lost there are listed before the sell-out, and those past it
// are not yet. Before that serial nothing is swept, and after it nothing
// more until the next multiple; a single issue and a batch alike.
func TestTheSweepTrailsTheSequence(t *testing.T) {
	const item, cap, loaded = "kakao1015/talk-drawer-plus-1m", 1_000_000, 98_300
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, batched := range []bool{false, true} {
		t.Run(fmt.Sprintf("batched %v", batched), func(t *testing.T) {
			pool := pgtest.Pool(t, pgtest.NewSchema())
			l := newLedger(t, pool)
			pgtest.Load(t, pool, item, loaded, []int64{10, 20, 32_768, 32_769, 40_000})
			issue := func(k int) { // 98,300 + k
				t.Helper()
				g := grants.Grant{Item: item, Recipient: fmt.Sprint("late-", k), IssuedAt: at}
				var err error
				if batched {
					_, err = l.IssueBatch(context.Background(), []grants.Request{{Grant: g, Cap: cap},
						{Grant: grants.Grant{Item: "free", Recipient: g.Recipient, IssuedAt: at}}})
				} else {
					_, err = l.Issue(context.Background(), g, cap)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for k := 1; k <= 5; k++ {
				issue(k)
				n, free := swept(t, pool, item)
				got = append(got, fmt.Sprintf("after %d: swept %d, listed %v", loaded+k, n, free))
			}
			want := []string{
				"after 98301: swept 0, listed []",
				"after 98302: swept 0, listed []",
				"after 98303: swept 0, listed []",
				"after 98304: swept 32768, listed [10 20 32768]",
				"after 98305: swept 32768, listed [10 20 32768]",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the sweep (-want +got):\n%s", diff)
			}
		})
	}
}

// An issue past the sequence that waits on a listed serial (another issue
// is taking it) while a sweep lists the last serial and reaches the cap
// is issued that serial, not sold out: it reads how far the sweep had
// gone before the list (migration 00005). The steps are forced in order,
// each waiting for the one before: no sleep, no luck.
func TestAnIssueWaitingOnTheListSeesTheSweepThatReachedTheCap(t *testing.T) {
	const item, cap = "kakao1015/talk-drawer-plus-1m", 3
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool := pgtest.Pool(t, pgtest.NewSchema())
	l := newLedger(t, pool)
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
	if _, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: "a", IssuedAt: at}, cap); err != nil {
		t.Fatal(err)
	}
	// Serials 2 and 3 taken and lost; the sweep lists 2, and stops short
	// of the cap.
	for _, q := range []string{
		`SELECT nextval(serials) FROM relief_items, generate_series(1, 2) WHERE item = $1`,
		`SELECT relief_sweep($1, 2, 100)`,
	} {
		if _, err := pool.Exec(ctx, q, item); err != nil {
			t.Fatal(err)
		}
	}
	// Another issue takes listed serial 2 and holds it, uncommitted.
	other, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback(ctx)
	var pid int32
	if err := other.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(ctx, `WITH taken AS (DELETE FROM relief_free WHERE item = $1 AND serial = 2)
		INSERT INTO relief_grants (item_id, capped, recipient, serial, issued_at)
		SELECT id, true, 'b', 2, $2 FROM relief_items WHERE item = $1`, item, at); err != nil {
		t.Fatal(err)
	}
	// The issue past the sequence waits on serial 2.
	type result struct {
		g   grants.Grant
		err error
	}
	done := make(chan result, 1)
	go func() {
		g, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: "c", IssuedAt: at}, cap)
		done <- result{g, err}
	}()
	for waiting := false; !waiting; {
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)))`, pid).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case r := <-done:
			t.Fatalf("the issue did not wait on the listed serial: %+v", r)
		case <-time.After(5 * time.Millisecond):
		}
	}
	// The sweep lists serial 3 and reaches the cap; then serial 2 is issued.
	if _, err := pool.Exec(ctx, `SELECT relief_sweep($1, $2, 100)`, item, cap); err != nil {
		t.Fatal(err)
	}
	if err := other.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.g.Serial != 3 {
		t.Errorf("the waiting issue: serial %d, %v; want serial 3", r.g.Serial, r.err)
	}
	if n, free := swept(t, pool, item); n != cap || len(free) != 0 {
		t.Errorf("swept %d, listed %v; want %d, none", n, free, cap)
	}
}
