// Package pgtest gives tests a PostgreSQL connection pool in a schema of
// their own, on the server named by RELIEF_TEST_DATABASE_URL (bash .ci/run
// starts one and sets it; Main starts one where none is named and
// PostgreSQL is installed), a throwaway Server of a test's own, and the
// ledger's grants loaded in bulk and checked at the sell-out. Without a
// server the tests fail, unless RELIEF_TEST_DATABASE=skip (SkipEnv).
package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SkipEnv names the environment variable that lets the database tests
// skip: where it is "skip", a test that finds no PostgreSQL skips,
// saying why; otherwise it fails. Plain go test prints only "ok" for a
// package whose tests skipped, so the tests never skip unasked: on a
// machine without PostgreSQL the test command fails and says what to
// install, or how to skip knowingly.
const SkipEnv = "RELIEF_TEST_DATABASE"

// Env returns the environment variable name, which bash .ci/run (and
// Main, where PostgreSQL is installed) sets for the database tests.
// Where it is unset the test fails, saying why and what to do, or skips
// where SkipEnv is "skip".
func Env(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		why := fmt.Sprintf("%s is not set and no PostgreSQL was found to start (Debian's postgresql package, or RELIEF_TEST_PG_BIN): "+
			"install it, name a server in RELIEF_TEST_DATABASE_URL, or set %s=skip to skip the database tests", name, SkipEnv)
		if os.Getenv(SkipEnv) == "skip" {
			t.Skip(why)
		}
		t.Fatal(why)
	}
	return v
}

// NewSchema returns a fresh schema name for Pool.
func NewSchema() string { return fmt.Sprintf("relief_test_%016x", rand.Uint64()) }

// Pool returns a pool whose connections work in schema, created if
// missing and dropped when the test ends; pools for the same schema share
// its tables, as replicas of a service share a database. Without
// RELIEF_TEST_DATABASE_URL the test fails, or skips where SkipEnv is
// "skip" (see Env).
func Pool(t testing.TB, schema string) *pgxpool.Pool {
	t.Helper()
	url := Env(t, "RELIEF_TEST_DATABASE_URL")
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = 20
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		admin.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+schema+` CASCADE`)
		admin.Close()
	})
	return pool
}

// Load puts grants of item with serials 1..n, but for those in lost,
// into the ledger's tables on pool as an operator's bulk load does: the
// secondary indexes dropped, one set-based insert, the indexes built
// again as they were. The ledger did not issue them, so its sweep has
// not passed them. The ledger's tables must exist.
func Load(t testing.TB, pool *pgxpool.Pool, item string, n int64, lost []int64) {
	t.Helper()
	ctx := context.Background()
	if lost == nil {
		lost = []int64{}
	}
	// The secondary indexes as the migrations made them, to build again.
	rows, err := pool.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename = 'relief_grants' AND indexname <> 'relief_grants_pkey'`)
	if err != nil {
		t.Fatal(err)
	}
	names, defs, err := collectPairs(rows)
	if err != nil || len(defs) == 0 {
		t.Fatalf("the grants' secondary indexes: %v, %v", defs, err)
	}
	for _, name := range names {
		if _, err := pool.Exec(ctx, `DROP INDEX `+name); err != nil {
			t.Fatal(err)
		}
	}
	// An item the ledger has not registered gets a row with no cap, as
	// the first build's grants left theirs: its first issue sets it.
	if _, err := pool.Exec(ctx, `INSERT INTO relief_items (item) VALUES ($1) ON CONFLICT (item) DO NOTHING`, item); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO relief_grants (item_id, capped, recipient, serial, issued_at)
		SELECT (SELECT id FROM relief_items WHERE item = $1), true, 'bulk-' || s, s, '2023-01-05 09:00+09'
		FROM generate_series(1, $2::bigint) AS s WHERE s <> ALL($3::bigint[])`,
		item, n, lost); err != nil {
		t.Fatal(err)
	}
	for _, def := range defs {
		if _, err := pool.Exec(ctx, def); err != nil {
			t.Fatal(err)
		}
	}
}

// collectPairs reads rows of two text columns.
func collectPairs(rows pgx.Rows) (firsts, seconds []string, err error) {
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, nil, err
		}
		firsts, seconds = append(firsts, a), append(seconds, b)
	}
	return firsts, seconds, rows.Err()
}

// CheckSoldOut checks that item's grants hold every serial from 1 to cap
// once.
func CheckSoldOut(t testing.TB, pool *pgxpool.Pool, item string, cap int64) {
	t.Helper()
	var n, distinct, lo, hi int64
	if err := pool.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT serial), min(serial), max(serial)
		FROM relief_held WHERE item = $1`, item).Scan(&n, &distinct, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if n != cap || distinct != cap || lo != 1 || hi != cap {
		t.Errorf("%d grants, %d serials, from %d to %d; want %d, each of 1..%d once", n, distinct, lo, hi, cap, cap)
	}
}
