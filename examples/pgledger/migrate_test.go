package pgledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/grants"
)

// Each earlier build created its tables at start, with no version; its
// schema is in testdata/builds as it was. A database of each, with a
// capped item's grants (3 of 10) and an uncapped item's (5), is brought
// to this build's schema by New: every grant is kept, counts and
// holdings are as they were, new serials do not collide with old ones,
// and the cap holds.
func TestMigratingFromEveryEarlierBuild(t *testing.T) {
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	for _, tt := range []struct {
		build string
		fill  string // the items' rows as that build kept them
	}{
		{"first", `INSERT INTO relief_items (item, issued) VALUES ('capped', 3), ('free', 5)`},
		{"filled", `SELECT setval(relief_ensure_item('capped'), 3); SELECT setval('relief_serial', 5)`},
		{"unversioned", `SELECT setval(relief_ensure_item('capped', 10), 3); SELECT relief_ensure_item('free', 0); SELECT setval('relief_serial', 5)`},
	} {
		t.Run("from the "+tt.build+" build", func(t *testing.T) {
			ctx := context.Background()
			pool := pgtest.Pool(t, pgtest.NewSchema())
			old, err := os.ReadFile(filepath.Join("testdata", "builds", tt.build+".sql"))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{string(old), `INSERT INTO relief_grants (item, recipient, serial, issued_at)
				SELECT 'capped', 'old-' || s, s, '2023-01-05 09:00+09'::timestamptz FROM generate_series(1, 3) s
				UNION ALL SELECT 'free', 'old-' || s, s, '2023-01-05 09:00+09' FROM generate_series(1, 5) s`, tt.fill} {
				if _, err := pool.Exec(ctx, q); err != nil {
					t.Fatalf("the %s build's tables: %v", tt.build, err)
				}
			}
			l := newLedger(t, pool)
			if db, known, err := pgledger.SchemaVersion(ctx, pool); err != nil || db != known {
				t.Fatalf("schema at version %d of %d (%v); want the newest", db, known, err)
			}
			for item, want := range map[string]int64{"capped": 3, "free": 5} {
				if n, err := l.Issued(ctx, item); n != want || err != nil {
					t.Errorf("Issued(%s) = %d, %v; want %d as before", item, n, err, want)
				}
			}
			held, err := l.Holdings(ctx, "old-2")
			wantHeld := []grants.Grant{{Item: "capped", Recipient: "old-2", Serial: 2, IssuedAt: at}, {Item: "free", Recipient: "old-2", Serial: 2, IssuedAt: at}}
			if diff := cmp.Diff(wantHeld, held); diff != "" || err != nil {
				t.Errorf("an old recipient's holdings: %v (-want +got):\n%s", err, diff)
			}
			free, err := l.Issue(ctx, grants.Grant{Item: "free", Recipient: "new", IssuedAt: at}, 0)
			if err != nil || free.Serial <= 5 {
				t.Errorf("a new grant of the uncapped item: serial %d, %v; want one past the old 5", free.Serial, err)
			}
			serials, soldOut := map[int64]bool{}, 0
			for i := range 8 {
				g, err := l.Issue(ctx, grants.Grant{Item: "capped", Recipient: fmt.Sprintf("new-%d", i), IssuedAt: at}, 10)
				switch {
				case errors.Is(err, grants.ErrSoldOut):
					soldOut++
				case err != nil:
					t.Fatal(err)
				case g.Serial <= 3 || g.Serial > 10 || serials[g.Serial]:
					t.Errorf("new-%d took serial %d: want one of 4..10, once", i, g.Serial)
				}
				serials[g.Serial] = true
			}
			if soldOut != 1 {
				t.Errorf("%d of 8 new recipients sold out, want 1: the cap of 10 holds 3 old grants and 7 new", soldOut)
			}
		})
	}
}

// A database a newer build migrated is refused before anything is
// changed, naming both versions.
func TestASchemaNewerThanTheBuildIsRefused(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t, pgtest.NewSchema())
	newLedger(t, pool)
	_, known, err := pgledger.SchemaVersion(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO relief_schema_versions (version_id, is_applied) VALUES ($1, true)`, known+1); err != nil {
		t.Fatal(err)
	}
	_, err = pgledger.New(ctx, pool)
	var se *pgledger.SchemaError
	if !errors.As(err, &se) || *se != (pgledger.SchemaError{Database: known + 1, Known: known}) {
		t.Fatalf("New on a schema at %d: %v; want a SchemaError naming %d and %d", known+1, err, known+1, known)
	}
	if db, _, _ := pgledger.SchemaVersion(ctx, pool); db != known+1 {
		t.Errorf("the schema is at %d after the refusal, want %d as it was", db, known+1)
	}
}

// Replicas starting together on an empty database migrate it once: each
// New succeeds, and the steps were applied by one of them.
func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	schema := pgtest.NewSchema()
	var wg sync.WaitGroup
	applied := make([][]pgledger.Migration, 4)
	errs := make([]error, 4)
	for i := range applied {
		pool := pgtest.Pool(t, schema)
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = pgledger.Migrate(context.Background(), pool)
		}()
	}
	wg.Wait()
	steps := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		steps += len(applied[i])
	}
	_, known, _ := pgledger.SchemaVersion(context.Background(), pgtest.Pool(t, schema))
	if int64(steps) != known {
		t.Errorf("%d steps applied in all, want each of the %d once", steps, known)
	}
}
