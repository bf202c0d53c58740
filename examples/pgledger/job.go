package pgledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/outagerelief/relief/grants"
)

// ErrNoJob is StartJob's error for a job not recorded, asked without an
// issue time to start it.
var ErrNoJob = errors.New("pgledger: no such job")

// ErrJobTime is StartJob's error for a job asked with an issue time other
// than the one it was started with.
var ErrJobTime = errors.New("pgledger: not the job's issue time")

// A Job is a bulk issuance job's record (relief_jobs): what lets a job
// killed at any point run again with the same arguments and finish what
// an uninterrupted run would have, issuing nothing twice.
type Job struct {
	Name string
	// IssuedAt is the instant every grant of the job is issued at, fixed
	// by its first run.
	IssuedAt time.Time
	// Done counts the claimants issued, in the order of the job's input:
	// a run again skips them.
	Done int64
	// Finished says a run reached the end of the input.
	Finished bool
}

// StartJob returns the job of the name, recording it first with at as
// its issue time where it is new. A job recorded already keeps its own
// issue time: where at is not zero and is another instant, StartJob
// returns an error naming both, so that a job is never resumed under
// another time by mistake (an error wrapping [ErrJobTime]). The name is in the identity domain
// ([grants.CheckIdentity]).
func (l *Ledger) StartJob(ctx context.Context, name string, at time.Time) (Job, error) {
	if err := grants.CheckIdentity("job", name); err != nil {
		return Job{}, err
	}
	if !at.IsZero() {
		if err := grants.CheckInstant("job issue time", at); err != nil {
			return Job{}, err
		}
		if _, err := l.pool.Exec(ctx, `INSERT INTO relief_jobs (job, issued_at) VALUES ($1, $2) ON CONFLICT (job) DO NOTHING`, name, at); err != nil {
			return Job{}, wrap(err)
		}
	}
	j := Job{Name: name}
	err := l.pool.QueryRow(ctx, `SELECT issued_at, done, finished FROM relief_jobs WHERE job = $1`, name).Scan(&j.IssuedAt, &j.Done, &j.Finished)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Job{}, fmt.Errorf("%w: %q (give its issue time to start it)", ErrNoJob, name)
	case err != nil:
		return Job{}, wrap(err)
	case !at.IsZero() && !at.Equal(j.IssuedAt):
		return Job{}, fmt.Errorf("%w: job %q issues at %s, not %s: run it again without another time, or name a new job",
			ErrJobTime, name, j.IssuedAt.In(kst).Format(time.RFC3339), at.In(kst).Format(time.RFC3339))
	}
	j.IssuedAt = j.IssuedAt.In(kst)
	return j, nil
}

// Checkpoint records that the job's first done claimants are issued, and
// whether it reached the end. Done never goes back.
func (l *Ledger) Checkpoint(ctx context.Context, name string, done int64, finished bool) error {
	_, err := l.pool.Exec(ctx, `UPDATE relief_jobs SET done = greatest(done, $2), finished = finished OR $3, updated = now() WHERE job = $1`, name, done, finished)
	return wrap(err)
}
