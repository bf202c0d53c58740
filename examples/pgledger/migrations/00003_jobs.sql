-- The bulk issuance jobs (examples/issue): each job's name, the instant
-- its grants are issued at (fixed by its first run, so that a run again
-- after a crash issues what an uninterrupted one would), how many of its
-- claimants are issued, in the order of its input, and whether it ran to
-- the end. A job run again skips its first done claimants: a claimant
-- issued past done is found held, so done may lag, never lead.

-- +goose Up
CREATE TABLE IF NOT EXISTS relief_jobs (
	job       text        PRIMARY KEY,
	issued_at timestamptz NOT NULL,
	done      bigint      NOT NULL DEFAULT 0 CHECK (done >= 0),
	finished  boolean     NOT NULL DEFAULT false,
	started   timestamptz NOT NULL DEFAULT now(),
	updated   timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE IF EXISTS relief_jobs;
