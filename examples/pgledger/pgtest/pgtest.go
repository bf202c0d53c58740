// Package pgtest gives tests a PostgreSQL connection pool in a schema of
// their own, on the server named by RELIEF_TEST_DATABASE_URL (bash .ci/run
// starts one and sets it).
package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Env returns the environment variable name, which bash .ci/run sets for
// the database tests. Where it is unset the test is skipped, except under
// CI=true, where it fails: CI must prove the database code against a
// real server.
func Env(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set under CI=true: the PostgreSQL code must be tested", name)
		}
		t.Skipf("%s is not set; bash .ci/run sets it", name)
	}
	return v
}

// NewSchema returns a fresh schema name for Pool.
func NewSchema() string { return fmt.Sprintf("relief_test_%016x", rand.Uint64()) }

// Pool returns a pool whose connections work in schema, created if
// missing and dropped when the test ends; pools for the same schema share
// its tables, as replicas of a service share a database. Without
// RELIEF_TEST_DATABASE_URL the test is skipped, except under CI=true,
// where it fails: CI must prove the database code against a real server.
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
