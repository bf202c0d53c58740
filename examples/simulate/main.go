// Command simulate runs the Kakao 1015 compensation programme over a
// claims file, or over an embedded synthetic intake of 105,116 reports
// generated to match the published breakdown, and prints the intake tally,
// the entitlements, the cash bands and budget, review referrals and the
// grants issued.
//
// Usage:
//
//	simulate [-in claims.csv|claims.jsonl] [-json] [-out decisions.jsonl] [-strict] [-at 2023-06-01]
//
// The claims file schema is in the README. A bad row is reported on
// standard error with its line number and counted; the good rows still
// run. Exit status: 0 done, 1 bad rows under -strict, 2 the file could
// not be read or the flags are wrong.
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

// kst is Korea Standard Time, the zone of the claims file's local times.
var kst = grants.KST()

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, with its streams, so tests can drive it.
func run(args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	// A batch job over a heap of short-lived decisions: collect less often.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "claims file, `FILE`.csv or .jsonl (default: the embedded synthetic intake)")
	asJSON := fs.Bool("json", false, "write one decision per claimant as JSON Lines, with its trace")
	out := fs.String("out", "", "write the -json decisions to `FILE` instead of standard output")
	strict := fs.Bool("strict", false, "exit with status 1 if any row is bad")
	atFlag := fs.String("at", "2023-06-01", "the `DATE` (KST, from 00:00) decisions are about: reports filed later do not count, and the revenue table in force then applies")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected argument %q (use -in FILE)", fs.Arg(0)))
	}
	at, err := time.ParseInLocation(time.DateOnly, *atFlag, kst)
	if err != nil {
		return fail(fmt.Errorf("-at %q: want a date like 2023-06-01", *atFlag))
	}
	p, err := programme.Kakao1015(grants.DefaultOptions())
	if err != nil {
		return fail(err)
	}

	var claims input
	source := fmt.Sprintf("embedded synthetic intake (seed %d): generated to match the published counts, not real claims", intake.Seed)
	if *in == "" {
		claims.claims = intake.Synthetic()
	} else {
		f, err := os.Open(*in)
		if err != nil {
			return fail(err)
		}
		claims, err = readClaims(*in, bufio.NewReader(f))
		f.Close()
		if err != nil {
			return fail(err)
		}
		source = *in
	}

	var decisions io.Writer
	if *asJSON {
		decisions = stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return fail(err)
			}
			defer f.Close()
			w := bufio.NewWriter(f)
			defer w.Flush()
			decisions = w
		}
	}
	s, err := simulate(p, claims, at, decisions)
	if err != nil {
		return fail(err)
	}
	s.source = source
	slices.SortStableFunc(s.bad, func(a, b badRow) int { return cmp.Compare(a.Line, b.Line) })
	for _, b := range s.bad {
		fmt.Fprintf(stderr, "simulate: %s: %s\n", source, b)
	}
	report := stdout
	if *asJSON && *out == "" {
		report = stderr // keep standard output pure JSON Lines
	}
	s.write(report)
	fmt.Fprintf(report, "\ntook %.2fs\n", time.Since(start).Seconds())
	if *strict && len(s.bad) > 0 {
		fmt.Fprintf(stderr, "simulate: %d bad rows (-strict)\n", len(s.bad))
		return 1
	}
	return 0
}
