// Command simulate runs the Kakao 1015 compensation programme over a
// claims file, or over an embedded synthetic intake of 105,116 reports
// generated to match the published breakdown, and prints the intake tally,
// the entitlements, the cash bands and budget, review referrals and the
// grants counted against their caps: in Korean by default, in English
// with -lang en.
//
// Usage:
//
//	simulate [-in FILE|-] [-format csv|jsonl|xlsx] [-encoding auto|utf-8|cp949|utf-16le|utf-16be] [-grouped]
//	         [-lang ko|en] [-json [-trace] [-out FILE] [-letter]] [-xlsx FILE] [-html FILE]
//	         [-errors FILE] [-strict] [-at 2023-06-01]
//	simulate -gen N > claims.csv
//
// The claims file schema is in the README; package claimsfile reads it.
// With -json it writes one decision a line, its compact record
// (programme.CompactRecord), or with -trace its full record with the
// trace (programme.Record).
// It streams: rows are grouped into claimants, parsed and decided on
// every core and written in the order the claims are read. A file is
// read twice (once to count each claimant's rows), so
// that only claimants with rows still to come are held in memory; with
// -grouped (rows sorted by claimant_id, checked: a row out of order stops
// the run, status 2) it is read once and nothing past the current
// claimant is held. Standard input without -grouped holds every claimant
// until its end. A file in CP949 or UTF-16 is decoded first (-encoding).
//
// A bad row is counted, the first 100 are reported on standard error
// with their line numbers, all of them with -errors FILE; the good rows
// still run. Exit status: 0 done, 1 bad rows under -strict, 2 the input
// could not be read, an output could not be written, or the flags are
// wrong.
//
// The command sets the garbage collector for a batch job: GOGC 400 and a
// soft memory limit of 200 MiB (80 MiB with -grouped), unless GOGC or
// GOMEMLIMIT is set in its environment, which it then leaves alone.
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"
	_ "time/tzdata" // a programme file may name any zone

	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/internal/progress"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

// shownBad is how many bad rows go to standard error.
const shownBad = 100

func main() {
	args := os.Args[1:]
	if o, err := parseOptions(args, io.Discard); err == nil { // run says what is wrong
		tuneCollector(o.grouped, os.LookupEnv)
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}

// tuneCollector sets the garbage collector for a batch job over a heap of
// short-lived decisions, as the README says: collect less often (GOGC
// 400: about 15% faster on 2,000,000 rows), within a soft limit on the
// heap of 200 MiB, 80 MiB with -grouped (where little is live). Where the
// environment sets GOGC or GOMEMLIMIT, that setting is left as it is.
// Only the command's main calls it: run, which the tests drive, leaves
// the process's settings alone.
func tuneCollector(grouped bool, env func(string) (string, bool)) {
	if _, set := env("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := env("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(map[bool]int64{false: 200 << 20, true: 80 << 20}[grouped])
	}
}

// options are the command's flags.
type options struct {
	in, format, out, errors, at, lang      string
	xlsx, html                             string
	encoding                               string
	programme, compare                     string
	asJSON, trace, strict, grouped, letter bool
	gen                                    int
}

// parseOptions reads the command's flags and checks them against each
// other; a usage error is said on stderr and is status 2.
func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.in, "in", "", "claims `FILE` (.csv, .jsonl or .ndjson, or an Excel .xlsx: its first sheet), or - for standard input (default: the embedded synthetic intake)")
	fs.StringVar(&o.format, "format", "", "the input's format, csv, jsonl or xlsx (default: by the file's extension; sniffed on standard input)")
	fs.StringVar(&o.encoding, "encoding", "auto", "the input's `ENCODING`: auto (detect UTF-8, UTF-16 or CP949, and say so), utf-8 (refuse any other), cp949 (also euc-kr), utf-16le or utf-16be")
	fs.BoolVar(&o.grouped, "grouped", false, "the input is sorted by claimant_id (checked): read it once, hold nothing past the current claimant")
	fs.BoolVar(&o.asJSON, "json", false, "write one decision per claimant as JSON Lines, in the compact form (programme.CompactRecord: the benefits granted, the awards, the review)")
	fs.BoolVar(&o.trace, "trace", false, "with -json, write each decision's full record instead (programme.Record: every benefit's entitlement, each award's band, the items and the trace)")
	fs.StringVar(&o.out, "out", "", "with -json, write the decisions to `FILE` instead of standard output")
	fs.StringVar(&o.lang, "lang", "", "the `LANG` of the summary, ko or en (default: Korean); with -json -trace, each trace step gets a sentence in it too (default: codes only)")
	fs.BoolVar(&o.letter, "letter", false, "with -json, add each claimant's letter, in -lang (Korean by default)")
	fs.StringVar(&o.html, "html", "", "also write the run as one self-contained web page `FILE` (.html): its tables, charts and the programme's notice")
	fs.StringVar(&o.xlsx, "xlsx", "", "also write the summary and each claimant's decision as an Excel workbook `FILE` (.xlsx)")
	fs.StringVar(&o.errors, "errors", "", "write every bad row to `FILE` (standard error shows the first 100)")
	fs.BoolVar(&o.strict, "strict", false, "exit with status 1 if any row is bad")
	fs.StringVar(&o.at, "at", "", "the `DATE` (in the programme's zone, from 00:00) decisions are about: reports filed later do not count, and the revenue table in force then applies (default: for Kakao 1015 2023-06-01, for another programme the day its last window closes)")
	fs.IntVar(&o.gen, "gen", 0, "write a synthetic claims CSV of `N` rows to standard output, sorted by claimant, and stop: for Kakao 1015 with the published intake's mix, for another programme claims that fit it")
	fs.StringVar(&o.programme, "programme", "", "the programme `FILE` (JSON, see examples/programmes) to run (default: Kakao 1015)")
	fs.StringVar(&o.compare, "compare", "", "decide each claimant under the programme `FILE` too, and report the claimants whose outcome changes and what the change costs (a policy change)")
	if err := fs.Parse(args); err != nil {
		return o, errFlags
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (use -in FILE)", fs.Arg(0))
	}
	genSet := false
	fs.Visit(func(f *flag.Flag) { genSet = genSet || f.Name == "gen" })
	return o, o.check(genSet)
}

// check checks the flags against each other and their domains; genSet
// says -gen was given (-gen 0 is an error, no -gen is not).
func (o options) check(genSet bool) error {
	return cmp.Or(o.checkOutput(), o.checkInput(genSet))
}

// checkOutput checks the flags that shape what a run writes.
func (o options) checkOutput() error {
	switch {
	case o.out != "" && !o.asJSON:
		return errors.New("-out names where -json writes: give -json too")
	case o.letter && !o.asJSON:
		return errors.New("-letter shapes the -json decisions: give -json too")
	case o.trace && !o.asJSON:
		return errors.New("-trace shapes the -json decisions: give -json too")
	case o.xlsx != "" && !strings.HasSuffix(strings.ToLower(o.xlsx), ".xlsx"):
		return fmt.Errorf("-xlsx %q: want a file named .xlsx", o.xlsx)
	case o.lang != "" && o.lang != "ko" && o.lang != "en":
		return fmt.Errorf("-lang %q: want ko or en", o.lang)
	}
	return nil
}

// checkInput checks the flags that name what a run reads, or -gen.
func (o options) checkInput(genSet bool) error {
	if err := o.read(nil).Check(); err != nil {
		return fmt.Errorf("-%w", err) // -format or -encoding
	}
	switch {
	case genSet && (o.gen < 1 || o.gen > 100_000_000):
		return fmt.Errorf("-gen %d: want from 1 to 100,000,000 rows", o.gen)
	case genSet && (o.in != "" || o.asJSON || o.compare != "" || o.at != "" || o.xlsx != "" || o.html != ""):
		return errors.New("-gen writes claims and stops: it takes no -in, -json, -compare, -at, -xlsx or -html")
	case o.gen == 0 && o.programme != "" && o.in == "":
		return errors.New("-programme: the embedded intake is Kakao 1015's; give the claims with -in (simulate -programme FILE -gen N writes some)")
	}
	return nil
}

// read is how the options read the claims, standard input being stdin.
func (o options) read(stdin io.Reader) claimsfile.Options {
	return claimsfile.Options{Format: o.format, Encoding: o.encoding, Grouped: o.grouped, Stdin: stdin}
}

// errFlags is a flag the flag package refused, and has said so.
var errFlags = errors.New("bad flags")

// outputs are where a run writes: the decisions (-json), the report (the
// summary), the bad rows (-errors), each checked for write errors.
type outputs struct {
	decisions  *checkedWriter // nil without -json
	report     io.Writer
	errorsFile *checkedWriter // nil without -errors
	book       *workbook      // nil without -xlsx
	page       *checkedWriter // nil without -html: written at the end
	all        []*checkedWriter
}

// openOutputs opens the outputs the options name, before any work, so
// that a bad path is a usage error.
func openOutputs(o options, p programme.Plan, stdout, stderr io.Writer) (*outputs, error) {
	out := &outputs{report: stdout}
	open := func(name string) (*checkedWriter, error) {
		f, err := os.Create(name)
		if err != nil {
			out.close()
			return nil, err
		}
		w := newCheckedWriter(f, f)
		out.all = append(out.all, w)
		return w, nil
	}
	var err error
	if o.asJSON {
		if o.out == "" {
			out.decisions, out.report = newCheckedWriter(stdout, nil), stderr // keep standard output pure JSON Lines
			out.all = append(out.all, out.decisions)
		} else if out.decisions, err = open(o.out); err != nil {
			return nil, err
		}
	}
	if o.errors != "" {
		if out.errorsFile, err = open(o.errors); err != nil {
			return nil, err
		}
	}
	if o.html != "" {
		if out.page, err = open(o.html); err != nil {
			return nil, err
		}
	}
	if o.xlsx != "" {
		f, err := os.Create(o.xlsx) // written at the end: its path is checked now
		if err == nil {
			err = f.Close()
		}
		if err == nil {
			out.book, err = newWorkbook(p, o.xlsx)
		}
		if err != nil {
			out.close()
			return nil, err
		}
	}
	return out, nil
}

// finish writes what is written once the run is whole (the -html page,
// the -xlsx workbook), and closes every output; it returns the first
// error.
func (out *outputs) finish(s *summary, p programme.Plan) error {
	if out.page != nil {
		if err := s.writeHTML(out.page, p); err != nil {
			out.close()
			return fmt.Errorf("writing the report page: %w", err)
		}
	}
	if err := out.close(); err != nil {
		return fmt.Errorf("writing the output: %w", err)
	}
	if out.book != nil {
		if err := out.book.save(s); err != nil {
			return fmt.Errorf("writing %s: %w", out.book.path, err)
		}
	}
	return nil
}

// close closes every output, and returns the first error.
func (out *outputs) close() error {
	var first error
	for _, w := range out.all {
		if err := w.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// run is the whole command, with its streams, so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	start := time.Now()
	fail := func(err error) int {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	o, err := parseOptions(args, stderr)
	switch {
	case err == errFlags:
		return 2
	case err != nil:
		return fail(err)
	}
	p, code := loadProgramme(o.programme, stderr)
	if code != 0 {
		return code
	}
	sch, err := claimsfile.NewSchema(p)
	if err != nil {
		return fail(err)
	}
	if o.gen > 0 {
		if err := generate(o.gen, stdout, p, sch, o.programme == ""); err != nil {
			return fail(err)
		}
		return 0
	}
	at, err := decisionDate(o.at, o.programme == "", p)
	if err != nil {
		return fail(err)
	}
	out, err := openOutputs(o, p, stdout, stderr)
	if err != nil {
		return fail(err)
	}

	s := newSummary(p, at, cmp.Or(o.lang, "ko"))
	if o.html != "" {
		s.trackItems()
	}
	pl := &pipeline{p: p, sch: sch, at: at, asJSON: o.asJSON, trace: o.trace, lang: o.lang, letter: o.letter}
	comp, code := compareWith(o.compare, pl, stderr)
	if code != 0 {
		out.close()
		return code
	}
	g := &gatherer{p: p, s: s, comp: comp, pl: pl, out: out, stderr: stderr, prog: startProgress(stderr, &pl.rows, &pl.bad, start)}
	err = decideAll(o, stdin, stderr, pl, sch, s, g.gather)
	g.prog.Stop()
	if err == nil {
		err = g.err
	}
	if err != nil {
		out.close()
		return fail(err)
	}
	if err := out.finish(s, p); err != nil {
		return fail(err)
	}
	g.notShown(o.errors)
	if err := writeReport(out.report, s, comp, start); err != nil {
		fmt.Fprintf(stderr, "simulate: writing the summary: %v\n", err)
		return 2
	}
	if o.strict && s.bad > 0 {
		fmt.Fprintf(stderr, "simulate: %d bad rows (-strict)\n", s.bad)
		return 1
	}
	return 0
}

// compareWith loads the programme file of -compare, if any, and has the
// pipeline decide every claim under it too; a file that does not load is
// said on stderr and is status 2.
func compareWith(file string, pl *pipeline, stderr io.Writer) (*comparison, int) {
	if file == "" {
		return nil, 0
	}
	before, code := loadProgramme(file, stderr)
	if code != 0 {
		return nil, code
	}
	pl.before = &before
	return &comparison{before: before, summary: newSummary(before, pl.at, "en")}, 0 // figures only: its words are never written
}

// writeReport writes the summary, the comparison where there is one, and
// the time the run took.
func writeReport(w io.Writer, s *summary, comp *comparison, start time.Time) error {
	rw := newCheckedWriter(w, nil)
	s.write(rw)
	if comp != nil {
		comp.write(rw, s)
	}
	fmt.Fprintf(rw, "\ntook %.2fs\n", time.Since(start).Seconds())
	return rw.Close()
}

// decideAll decides every claim of the input the options name (the
// embedded intake where there is none), each outcome to gather.
func decideAll(o options, stdin io.Reader, stderr io.Writer, pl *pipeline, sch *claimsfile.Schema, s *summary, gather func(*decided) bool) error {
	if o.in != "" {
		s.source = o.in
		ro := o.read(stdin)
		ro.Note = func(note string) { fmt.Fprintf(stderr, "simulate: %s\n", note) }
		ro.BetweenPasses = debug.FreeOSMemory // the first pass's tables: not held through the second
		return pl.run(func(emit func(item) bool) error {
			return claimsfile.Read(o.in, sch, ro, func(g claimsfile.Group) bool { return emit(item{Group: g}) })
		}, gather)
	}
	s.embedded = true
	claims := intake.Synthetic()
	return pl.run(func(emit func(item) bool) error {
		for i := range claims {
			if !emit(item{claim: &claims[i]}) {
				break
			}
		}
		return nil
	}, gather)
}

// gatherer takes each outcome in input order: its bad rows to standard
// error (the first shownBad) and to -errors, its decision to the summary,
// the comparison and the -json output.
type gatherer struct {
	p      programme.Plan
	s      *summary
	comp   *comparison // nil without -compare
	pl     *pipeline
	out    *outputs
	stderr io.Writer
	prog   *progress.Line
	shown  int   // bad rows shown on standard error
	err    error // why gathering stopped, other than a write error
}

// gather takes one outcome; false stops the run.
func (g *gatherer) gather(oc *decided) bool {
	for _, b := range oc.bad {
		g.s.bad++
		g.pl.bad.Add(1)
		if g.shown < shownBad {
			g.prog.Clear()
			fmt.Fprintf(g.stderr, "simulate: %s: %s\n", g.s.source, b)
			g.shown++
		}
		if f := g.out.errorsFile; f != nil {
			if fmt.Fprintf(f, "%s: %s\n", g.s.source, b); f.err != nil {
				return false
			}
		}
	}
	if !oc.ok {
		return true
	}
	if g.err = g.s.add(&oc.claim, &oc.d); g.err != nil {
		return false
	}
	if g.comp != nil {
		if g.err = g.comp.add(oc, g.p); g.err != nil {
			return false
		}
	}
	if g.out.book != nil {
		g.out.book.add(oc.claim, oc.d)
	}
	if oc.json != nil {
		g.out.decisions.Write(oc.json)
		return g.out.decisions.err == nil
	}
	return true
}

// notShown says how many bad rows standard error left out, and where they
// all are.
func (g *gatherer) notShown(errorsFile string) {
	if g.shown >= g.s.bad {
		return
	}
	more := fmt.Sprintf("%d more bad rows not shown", g.s.bad-g.shown)
	if errorsFile != "" {
		more += " (all of them are in " + errorsFile + ")"
	} else {
		more += " (-errors FILE lists them all)"
	}
	fmt.Fprintf(g.stderr, "simulate: %s\n", more)
}

// loadProgramme returns the programme of the file named (Kakao 1015 for
// ""), or, for a file that does not load, writes every fault to stderr
// and returns exit status 2.
func loadProgramme(name string, stderr io.Writer) (programme.Plan, int) {
	p, err := programme.Open(name)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: -programme: %v\n", err)
		return programme.Plan{}, 2
	}
	return p, 0
}

// decisionDate is the date decisions are about: the -at date, from 00:00
// in the programme's zone; without one, for Kakao 1015 2023-06-01 (the day
// after its last application period closed [P-CASH-4]), for another
// programme the day its last window closes.
func decisionDate(at string, kakao bool, p programme.Plan) (time.Time, error) {
	zone := p.Zone()
	switch {
	case at != "":
		t, err := time.ParseInLocation(time.DateOnly, at, zone)
		if err != nil {
			return time.Time{}, fmt.Errorf("-at %q: want a date like 2023-06-01", at)
		}
		if err := grants.CheckInstant("-at", t); err != nil {
			return time.Time{}, fmt.Errorf("-at %s: want a date from 1970-01-01 to 2199-12-31", at)
		}
		return t, nil
	case kakao:
		// [P-CASH-4] the day after the last application period closed.
		return time.Date(2023, 6, 1, 0, 0, 0, 0, zone), nil
	}
	end := p.End()
	if end.IsZero() {
		return time.Time{}, errors.New("-at: the programme has no window to end it: give the date decisions are about")
	}
	y, m, d := end.In(zone).Add(-time.Nanosecond).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, zone), nil
}

// checkedWriter buffers writes and keeps the first error, so that a full
// disk or a closed pipe is reported, never lost.
type checkedWriter struct {
	w     *bufio.Writer
	close io.Closer
	err   error
}

func newCheckedWriter(w io.Writer, c io.Closer) *checkedWriter {
	return &checkedWriter{w: bufio.NewWriterSize(w, 1<<16), close: c}
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.err = err
	return n, err
}

// Close flushes, closes the file if there is one, and returns the first
// error of them all.
func (c *checkedWriter) Close() error {
	if err := c.w.Flush(); c.err == nil {
		c.err = err
	}
	if c.close != nil {
		if err := c.close.Close(); c.err == nil {
			c.err = err
		}
		c.close = nil
	}
	return c.err
}
