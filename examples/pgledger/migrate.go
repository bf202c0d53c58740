package pgledger

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// The schema's migrations, in order: versioned SQL files, applied by
// goose, each in a transaction, its version recorded in the table
// relief_schema_versions. The first brings the tables of any earlier
// build, which had no version, to this one's.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// lockID is the session-level advisory lock that keeps replicas starting
// together from migrating at once ("relief" in ASCII).
const lockID = 0x72656c696566

// A SchemaError is a database whose schema is at a version this build
// does not know: a newer build migrated it. Run that build, or a later
// one, against it.
type SchemaError struct {
	Database int64 // the version the database is at
	Known    int64 // the newest this build knows
}

// Error names both versions and what to do.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("pgledger: the database's schema is at version %d, newer than the %d this build knows: run a newer build", e.Database, e.Known)
}

// A Migration is one step Migrate applied: its version and its file.
type Migration struct {
	Version int64
	File    string
}

// Migrate brings the ledger's tables on pool to this build's schema, and
// returns the steps it applied (none where the schema is current, which
// it finds without a lock). Where there are steps to apply, it holds an
// advisory lock meanwhile, so that replicas may call it at once.
// A database at a version newer than this build knows is refused with a
// [*SchemaError], having changed nothing.
func Migrate(ctx context.Context, pool *pgxpool.Pool) ([]Migration, error) {
	p, closeDB, err := provider(pool)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	known := int64(0)
	for _, s := range p.ListSources() {
		known = max(known, s.Version)
	}
	current, err := p.GetDBVersion(ctx)
	switch {
	case err != nil:
		return nil, fmt.Errorf("pgledger: reading the schema's version: %w", err)
	case current > known:
		return nil, &SchemaError{Database: current, Known: known}
	}
	if pending, err := p.HasPending(ctx); err == nil && !pending {
		return nil, nil // current: no lock taken
	}
	results, err := p.Up(ctx)
	if err != nil {
		var partial *goose.PartialError
		if errors.As(err, &partial) && partial.Failed != nil {
			err = fmt.Errorf("%s: %w", partial.Failed.Source.Path, partial.Failed.Error)
		}
		return nil, fmt.Errorf("pgledger: migrating the schema: %w", err)
	}
	var applied []Migration
	for _, r := range results {
		applied = append(applied, Migration{Version: r.Source.Version, File: r.Source.Path})
	}
	return applied, nil
}

// SchemaVersion returns the version the database's schema is at (0 for
// one never migrated) and the newest this build knows.
func SchemaVersion(ctx context.Context, pool *pgxpool.Pool) (database, known int64, err error) {
	p, closeDB, err := provider(pool)
	if err != nil {
		return 0, 0, err
	}
	defer closeDB()
	database, known, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("pgledger: reading the schema's version: %w", err)
	}
	return database, known, nil
}

// provider is goose's migrator over pool, and the function that closes
// the database handle it made.
func provider(pool *pgxpool.Pool) (*goose.Provider, func(), error) {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, nil, err
	}
	// A replica that finds the lock held tries again every second, for
	// five minutes.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, nil, err
	}
	db := stdlib.OpenDBFromPool(pool)
	p, err := goose.NewProvider(goose.DialectPostgres, db, files,
		goose.WithTableName("relief_schema_versions"), goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true), goose.WithSlog(slog.New(slog.DiscardHandler)))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("pgledger: the migrations: %w", err)
	}
	return p, func() { db.Close() }, nil
}
