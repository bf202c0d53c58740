package pgledger_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

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
	for i := range before {
		if _, err := a.Issue(ctx, grants.Grant{Item: item, Recipient: fmt.Sprintf("early-%d", i), IssuedAt: at}, cap); err != nil {
			t.Fatal(err)
		}
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
		if serials[s] || s <= before || s > cap {
			t.Errorf("serial %d repeated or outside %d..%d", s, before+1, cap)
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

// One recipient claimed from many connections at once: the losers of the
// race on the primary key roll back their unit and return the winner's
// grant, so each item is issued once, as serial 1.
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
				g, err := l.Issue(ctx, grants.Grant{Item: item, Recipient: "same", IssuedAt: at}, 5)
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

func BenchmarkIssue(b *testing.B) {
	for _, clients := range []int{1, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			l := newLedger(b, pgtest.Pool(b, pgtest.NewSchema()))
			ctx := context.Background()
			at := time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)
			var mu sync.Mutex
			next := 0
			b.SetParallelism((clients + 1) / 2) // GOMAXPROCS is 2 here
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					mu.Lock()
					next++
					who := fmt.Sprintf("user-%d", next)
					mu.Unlock()
					if _, err := l.Issue(ctx, grants.Grant{Item: "bench/drawer", Recipient: who, IssuedAt: at}, 3_000_000); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "issues/s")
		})
	}
}
