// Command issue is the bulk issuance job: it credits every claimant of a
// claims file, or every recipient of a list, with the items the programme
// entitles them to, through the PostgreSQL ledger's bulk path
// (pgledger.Ledger.IssueBulk), with no claim of theirs. It is for the
// programmes that push their benefits to everyone: KT's 2021 credit on
// every line's next bill, the Ahyeon waiver for every subscriber in the
// area.
//
//	go run ./examples/issue -db URL -in claims.csv [-programme FILE] [-at TIME]
//	go run ./examples/issue -db URL -recipients ids.txt -kind KIND [-attrs A,B] [-programme FILE] [-at TIME]
//
// Each claimant is decided as the simulator decides it, at the job's
// issue time (-at, an RFC 3339 instant or a local date and time in the
// programme's zone; by default the first instant every item's claim
// window is open), and each item it is entitled to is requested of the
// ledger, in the order of the input, in batches (-batch grants each) on
// -streams connections. A capped item's cap holds exactly, however the
// job races claims through the service; with one stream (the default)
// its units go first come, first served, in the input's order.
//
// The job is resumable and idempotent. Its record in the database
// (relief_jobs; named by -job, by default from the programme and the
// input's content) fixes its issue time at its first run and counts the
// claimants issued; killed at any point (kill -9, a database restart)
// and run again with the same arguments, it skips those and finishes the
// rest, and the ledger ends as an uninterrupted run leaves it (but for
// the serial numbers of grants in flight at the kill, which are the
// ledger's to give: a capped item's are still unique and within its
// cap). A grant in flight at the kill is found held when it is asked
// again, never issued twice.
//
// On a terminal standard error shows a live line (rows, grants a second,
// ETA); otherwise a line every -every. At the end the job prints, per
// item, what this run issued, found held, found sold out or outside the
// item's window, and the ledger's count against the cap.
//
// A recipients file holds one recipient ID a line (blank lines and lines
// starting with # are skipped); each is decided as a claimant of -kind
// holding the attributes -attrs, with no reports. Exit status: 0 done,
// 1 a failure on the way (run it again to resume), 2 bad arguments or
// input.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// options are the job's flags.
type options struct {
	db, programme, in, recipients, kind, attrs, at, job string
	batch, streams                                      int
	every                                               time.Duration
}

// usageError is a bad argument or input: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		err = issue(ctx, o, stdout, stderr)
	}
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "issue:", err)
		return 2
	}
	fmt.Fprintln(stderr, "issue:", err)
	fmt.Fprintln(stderr, "issue: run it again with the same arguments to finish: nothing issued is issued twice")
	return 1
}

// maxBatch and maxStreams bound -batch and -streams.
const (
	maxBatch   = 1 << 18
	maxStreams = 16
)

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("issue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.db, "db", os.Getenv("RELIEF_DATABASE_URL"), "PostgreSQL `URL` of the ledger (default $RELIEF_DATABASE_URL)")
	fs.StringVar(&o.programme, "programme", "", "the programme `FILE` (JSON, see examples/programmes) (default: Kakao 1015)")
	fs.StringVar(&o.in, "in", "", "claims `FILE` in the simulator's schema (.csv, .jsonl or .ndjson, or .xlsx)")
	fs.StringVar(&o.recipients, "recipients", "", "a `FILE` of recipient IDs, one a line, each decided as a claimant of -kind with -attrs")
	fs.StringVar(&o.kind, "kind", "", "with -recipients, the `KIND` of claimant each recipient is (a kind the programme declares)")
	fs.StringVar(&o.attrs, "attrs", "", "with -recipients, the `ATTRIBUTES` each holds, comma-separated (keys the programme declares)")
	fs.StringVar(&o.at, "at", "", "the issue `TIME`: an RFC 3339 instant, or a local date and time (2023-01-05T09:00:00) in the programme's zone (default: the first instant every item's window is open); fixed by the job's first run")
	fs.StringVar(&o.job, "job", "", "the job's `NAME` in the ledger (default: from the programme, the input's content and the flags that shape the job)")
	fs.IntVar(&o.batch, "batch", 24576, "grants a bulk call, 1 to 262144")
	fs.IntVar(&o.streams, "streams", 1, "bulk calls at once, 1 to 16 (with more than one, a cap's last units go in about the input's order)")
	fs.DurationVar(&o.every, "every", 10*time.Second, "when standard error is not a terminal, a progress line every `DURATION` (0: none)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	case o.db == "":
		return o, usageError{errors.New("-db: no database: give its URL (or set RELIEF_DATABASE_URL)")}
	case (o.in == "") == (o.recipients == ""):
		return o, usageError{errors.New("give one input: -in claims file, or -recipients file")}
	case o.recipients != "" && o.kind == "":
		return o, usageError{errors.New("-recipients: give -kind, the kind of claimant each recipient is")}
	case o.in != "" && (o.kind != "" || o.attrs != ""):
		return o, usageError{errors.New("-kind and -attrs go with -recipients: a claims file gives each claimant's own")}
	case o.batch < 1 || o.batch > maxBatch:
		return o, usageError{fmt.Errorf("-batch %d: want 1 to %d", o.batch, maxBatch)}
	case o.streams < 1 || o.streams > maxStreams:
		return o, usageError{fmt.Errorf("-streams %d: want 1 to %d", o.streams, maxStreams)}
	case o.every < 0:
		return o, usageError{fmt.Errorf("-every %s: want 0 or more", o.every)}
	}
	return o, nil
}
