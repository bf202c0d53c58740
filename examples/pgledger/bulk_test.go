package pgledger_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/grants"
)

var bulkAt = time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())

// bulkOf returns n recipients' requests of each item (cap by item; 0 for
// none), recipients named from first.
func bulkOf(items map[string]int64, order []string, first, n int) []grants.Request {
	var out []grants.Request
	for r := first; r < first+n; r++ {
		for _, it := range order {
			g := grants.Grant{Item: it, Recipient: fmt.Sprintf("user-%07d", r), IssuedAt: bulkAt}
			if it == "emoticon-a" {
				g.Expires = bulkAt.AddDate(0, 0, 90)
			}
			out = append(out, grants.Request{Grant: g, Cap: items[it]})
		}
	}
	return out
}

// A bulk issue counts what it did with each item, holds its caps, and
// issues nothing twice when it is run again or overlaps an earlier one.
func TestIssueBulk(t *testing.T) {
	ctx := context.Background()
	caps := map[string]int64{"emoticon-a": 0, "coupon": 0, "drawer": 250}
	order := []string{"emoticon-a", "coupon", "drawer"}
	tests := []struct {
		name        string
		first, n    int
		want        []pgledger.Tally
		wantDrawers int64
	}{
		{"a first bulk below the cap issues every request", 0, 200, []pgledger.Tally{
			{Item: "emoticon-a", New: 200}, {Item: "coupon", New: 200}, {Item: "drawer", Cap: 250, New: 200},
		}, 200},
		{"the same bulk again issues nothing and finds every grant held", 0, 200, []pgledger.Tally{
			{Item: "emoticon-a", Held: 200}, {Item: "coupon", Held: 200}, {Item: "drawer", Cap: 250, Held: 200},
		}, 200},
		{"a bulk overlapping the last issues the rest and takes the cap's last units exactly", 100, 160, []pgledger.Tally{
			{Item: "emoticon-a", Held: 100, New: 60}, {Item: "coupon", Held: 100, New: 60}, {Item: "drawer", Cap: 250, Held: 100, New: 50, SoldOut: 10},
		}, 250},
		{"a bulk past the cap is sold out for the capped item only", 300, 5, []pgledger.Tally{
			{Item: "emoticon-a", New: 5}, {Item: "coupon", New: 5}, {Item: "drawer", Cap: 250, SoldOut: 5},
		}, 250},
	}
	pool := pgtest.Pool(t, pgtest.NewSchema())
	l := newLedger(t, pool)
	for _, tt := range tests { // in order: each runs on the last's ledger
		t.Run(tt.name, func(t *testing.T) {
			got, err := l.IssueBulk(ctx, bulkOf(caps, order, tt.first, tt.n))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tallies (-want +got):\n%s", diff)
			}
			n, err := l.Issued(ctx, "drawer")
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.wantDrawers {
				t.Errorf("drawer issued %d, want %d", n, tt.wantDrawers)
			}
		})
	}
	pgtest.CheckSoldOut(t, pool, "drawer", 250)
	// A grant issued in bulk reads back as a single issue's would.
	h, err := l.Holdings(ctx, "user-0000007")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || !h[2].IssuedAt.Equal(bulkAt) || !h[2].Expires.Equal(bulkAt.AddDate(0, 0, 90)) || h[2].Item != "emoticon-a" || !h[0].Expires.IsZero() {
		t.Errorf("holdings %+v", h)
	}
}

// IssueBulk refuses what IssueBatch refuses, naming the request, and a
// bulk larger than MaxBulk, before it issues anything.
func TestIssueBulkRefuses(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t, pgtest.NewSchema())
	l := newLedger(t, pool)
	good := grants.Request{Grant: grants.Grant{Item: "coupon", Recipient: "u1", IssuedAt: bulkAt}}
	tests := []struct {
		name  string
		batch []grants.Request
		want  string
	}{
		{"an item with two caps", []grants.Request{good, {Grant: grants.Grant{Item: "coupon", Recipient: "u2", IssuedAt: bulkAt}, Cap: 5}},
			"request 1: coupon with cap 5, and with cap 0 before"},
		{"a recipient outside the identity domain", []grants.Request{good, {Grant: grants.Grant{Item: "coupon", Recipient: " u2", IssuedAt: bulkAt}}},
			"request 1:"},
		{"a negative cap", []grants.Request{{Grant: good.Grant, Cap: -1}}, "request 0:"},
		{"exactly MaxBulk requests pass the bound, the first (empty) refused", make([]grants.Request, pgledger.MaxBulk), "request 0:"},
		{"more than MaxBulk requests", make([]grants.Request, pgledger.MaxBulk+1), "at most 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := l.IssueBulk(ctx, tt.batch)
			if !errors.Is(err, grants.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrInvalid naming %q", err, tt.want)
			}
		})
	}
	if n, _ := l.Issued(ctx, "coupon"); n != 0 {
		t.Errorf("a refused bulk issued %d", n)
	}
}

// Bulk issues and claims on another replica (single issues, and batches
// as the service sends them) race over the last units of a cap: exactly
// the cap is issued, each unit once.
func TestBulkAndClaimsRaceOverTheCap(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	schema := pgtest.NewSchema()
	pool := pgtest.Pool(t, schema)
	bulk, live := newLedger(t, pool), newLedger(t, pgtest.Pool(t, schema))
	const cap = 400
	var wg sync.WaitGroup
	var mu sync.Mutex
	var newBulk, newLive int64
	for s := range 2 { // two bulk streams over overlapping recipients
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 4 {
				tallies, err := bulk.IssueBulk(ctx, bulkOf(map[string]int64{"drawer": cap}, []string{"drawer"}, s*50+k*60, 90))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				newBulk += tallies[0].New
				mu.Unlock()
			}
		}()
	}
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 40 {
				// Half single issues, half a claim's batch as the service
				// sends it (the capped item with an uncapped one).
				who := fmt.Sprintf("user-%07d", 100+c*40+k)
				g := grants.Grant{Item: "drawer", Recipient: who, IssuedAt: bulkAt}
				var err error
				if c%2 == 0 {
					_, err = live.Issue(ctx, g, cap)
				} else {
					var out []grants.Outcome
					out, err = live.IssueBatch(ctx, []grants.Request{{Grant: g, Cap: cap}, {Grant: grants.Grant{Item: "coupon", Recipient: who, IssuedAt: bulkAt}}})
					if err == nil {
						err = out[0].Err
					}
				}
				switch {
				case errors.Is(err, grants.ErrSoldOut):
				case err != nil:
					t.Error(err)
					return
				default:
					mu.Lock()
					newLive++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	pgtest.CheckSoldOut(t, pool, "drawer", cap)
	if n, _ := bulk.Issued(ctx, "drawer"); n != cap {
		t.Errorf("issued %d, want %d", n, cap)
	}
	if newBulk > cap || newBulk == 0 {
		t.Errorf("bulk counted %d new grants (live claims: %d issues)", newBulk, newLive)
	}
}

// BenchmarkBulk measures IssueBulk beside its floor, in one run: COPY of
// the same rows (grants shaped as IssueBulk writes them) into a table of
// relief_grants' shape and indexes, at 1 and 2 streams. Each op is one
// grant; each stream sends batches of 24,576 (4,096 recipients, six
// items, one of them capped far above the run).
func BenchmarkBulk(b *testing.B) {
	for _, streams := range []int{1, 2} {
		for _, path := range []string{"copy", "bulk"} {
			b.Run(fmt.Sprintf("%s/streams=%d", path, streams), func(b *testing.B) {
				benchBulk(b, path, streams)
			})
		}
	}
}

func benchBulk(b *testing.B, path string, streams int) {
	ctx := context.Background()
	pool := pgtest.Pool(b, pgtest.NewSchema())
	l := newLedger(b, pool)
	if path == "copy" {
		if _, err := pool.Exec(ctx, `CREATE TABLE floor_grants (LIKE relief_grants INCLUDING ALL)`); err != nil {
			b.Fatal(err)
		}
	}
	items := map[string]int64{"e1": 0, "e2": 0, "emoticon-a": 0, "c1": 0, "c2": 0, "drawer": 1 << 40}
	order := []string{"e1", "e2", "emoticon-a", "c1", "c2", "drawer"}
	const recipients = 4096
	batches := (b.N + recipients*len(order) - 1) / (recipients * len(order))
	work := make(chan int, batches)
	for i := range batches {
		work <- i
	}
	close(work)
	b.ResetTimer()
	var wg sync.WaitGroup
	for range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				batch := bulkOf(items, order, i*recipients, recipients)
				if err := issueOrCopy(ctx, l, pool, path, batch, order); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(batches*recipients*len(order))/b.Elapsed().Seconds(), "grants/s")
	b.ReportMetric(0, "ns/op")
}

// issueOrCopy issues batch through IssueBulk, or, for the floor, copies
// its rows into floor_grants as IssueBulk writes them: each item's
// number (its place in order), serials from one sequence, the capped
// item's flagged.
func issueOrCopy(ctx context.Context, l *pgledger.Ledger, pool *pgxpool.Pool, path string, batch []grants.Request, order []string) error {
	if path == "bulk" {
		_, err := l.IssueBulk(ctx, batch)
		return err
	}
	var serial int64
	if err := pool.QueryRow(ctx, `SELECT nextval('relief_serial')`).Scan(&serial); err != nil {
		return err
	}
	rows := pgx.CopyFromSlice(len(batch), func(i int) ([]any, error) {
		g := batch[i].Grant
		var exp *time.Time
		if !g.Expires.IsZero() {
			exp = &g.Expires
		}
		return []any{int32(slices.Index(order, g.Item) + 1), batch[i].Cap > 0, g.Recipient, serial*int64(len(batch)) + int64(i), g.IssuedAt, exp}, nil
	})
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"floor_grants"}, []string{"item_id", "capped", "recipient", "serial", "issued_at", "expires"}, rows)
	return err
}
