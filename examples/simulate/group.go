package main

import (
	"bufio"
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
)

// item is what the reader hands on, in order: a claimant's rows, not yet
// parsed (line is the claimant's first line), or a row that could not be
// split into fields; or, for the embedded intake, a claim ready made.
type item struct {
	line  int
	rows  []rawRow
	claim programme.Claim
	bad   string
}

// rawRow is one row's fields as written, with its line.
type rawRow struct {
	line int
	v    values
}

// grouping says how rows become claims. Each claimant's rows must all be
// seen before it is decided, so a grouping remembers what it must:
//
//   - grouped: the input is sorted by claimant ID; a claim ends where the
//     ID changes. Nothing is remembered past the claimant being read.
//   - counted: a first pass counted each claimant's rows (by a hash of
//     its ID) and marked repeated report IDs; a claim ends with its last
//     row. Only claimants with rows still to come are held, plus a count
//     per claimant.
//   - buffered: standard input, not sorted; every claim is held to the
//     end of the stream.
type grouping struct {
	seed    maphash.Seed
	grouped bool
	counts  map[uint64]int32 // claimant ID hash -> rows; nil unless counted
	repeats map[int]int      // line -> the line whose report_id it repeats (counted)
	reports map[uint64]int   // report ID hash -> line (buffered; grouped: this claimant's)

	open    map[string]*pending // claims with rows still to come
	cur     *pending            // grouped: the claim being read
	scratch pending             // a claimant of one row, emitted at once
	first   int                 // the order of the next new claimant
	emit    func(item) bool     // copies an item's rows: a pending's buffer is reused
}

type pending struct {
	order int
	rows  []rawRow
}

// countPass is the first pass of a counted grouping over a file: rows per
// claimant ID hash, and the lines whose report ID repeats an earlier
// line's.
func countPass(r *bufio.Reader, f format, seed maphash.Seed) (counts map[uint64]int32, repeats map[int]int, err error) {
	counts, repeats = map[uint64]int32{}, map[int]int{}
	reports := map[uint64]int{}
	err = scanRows(r, f, func(line int, v *values, bad string) bool {
		if v == nil || v[fClaimant] == "" {
			return true
		}
		counts[maphash.String(seed, v[fClaimant])]++
		if v[fReport] != "" {
			h := maphash.String(seed, v[fReport])
			if first, ok := reports[h]; ok {
				repeats[line] = first
			} else {
				reports[h] = line
			}
		}
		return true
	})
	return counts, repeats, err
}

// add takes one row; it returns false when the consumer wants no more.
// Rows are grouped by their claimant_id as written; parsing them is the
// deciding stage's work, done on every core.
func (g *grouping) add(line int, v *values, bad string) bool {
	switch {
	case bad != "":
		return g.emit(item{line: line, bad: bad})
	case v[fClaimant] == "":
		return g.emit(item{line: line, bad: "missing claimant_id"})
	}
	id := v[fClaimant]
	if first, ok := g.repeated(line, v[fReport]); ok {
		return g.emit(item{line: line, bad: fmt.Sprintf("report_id %q repeats line %d", clip(v[fReport]), first)})
	}
	r := rawRow{line, *v}
	if g.grouped {
		if g.cur != nil && g.cur.rows[0].v[fClaimant] != id {
			if cur := g.cur.rows[0]; id < cur.v[fClaimant] {
				return g.emit(item{line: line, bad: fmt.Sprintf("claimant_id %q comes after %q (line %d): -grouped needs the rows sorted by claimant_id",
					clip(id), clip(cur.v[fClaimant]), cur.line)})
			}
			if !g.flush(g.cur) {
				return false
			}
			g.cur.rows = g.cur.rows[:0] // its rows were copied: reuse the buffer
			clear(g.reports)
		}
		if g.cur == nil {
			g.cur = &pending{}
		}
		g.cur.rows = append(g.cur.rows, r)
		return true
	}
	p := g.open[id]
	if p == nil {
		g.first++
		if g.counts != nil && g.counts[maphash.String(g.seed, id)] <= 1 {
			g.scratch.rows = append(g.scratch.rows[:0], r)
			return g.flush(&g.scratch)
		}
		g.open[id] = &pending{order: g.first - 1, rows: []rawRow{r}}
		return true
	}
	p.rows = append(p.rows, r)
	if g.counts != nil && int32(len(p.rows)) >= g.counts[maphash.String(g.seed, id)] {
		delete(g.open, id)
		return g.flush(p)
	}
	return true
}

// longClaimant is how many rows a claimant has before -grouped indexes
// its report IDs instead of looking through them.
const longClaimant = 32

// repeated reports whether the report ID on line repeats an earlier one
// (counted: as the first pass found; buffered: in the whole stream;
// grouped: in the current claimant's rows), and notes it otherwise.
func (g *grouping) repeated(line int, id string) (int, bool) {
	if g.counts != nil {
		first, ok := g.repeats[line]
		return first, ok
	}
	if g.grouped {
		switch {
		case g.cur == nil: // the first row of the stream
			return 0, false
		case len(g.cur.rows) < longClaimant:
			for _, r := range g.cur.rows {
				if r.v[fReport] == id {
					return r.line, true
				}
			}
			return 0, false
		case len(g.reports) == 0: // a long claimant: index its rows from now on
			for _, r := range g.cur.rows {
				g.reports[maphash.String(g.seed, r.v[fReport])] = r.line
			}
		}
	}
	h := maphash.String(g.seed, id)
	if first, ok := g.reports[h]; ok {
		return first, true
	}
	g.reports[h] = line
	return 0, false
}

func (g *grouping) flush(p *pending) bool {
	return g.emit(item{line: p.rows[0].line, rows: p.rows})
}

// finish emits the claims still open, in the order their claimants first
// appeared.
func (g *grouping) finish() {
	if g.cur != nil && len(g.cur.rows) > 0 {
		g.flush(g.cur)
		g.cur = nil
	}
	rest := make([]*pending, 0, len(g.open))
	for _, p := range g.open {
		rest = append(rest, p)
	}
	slices.SortFunc(rest, func(a, b *pending) int { return cmp.Compare(a.order, b.order) })
	for _, p := range rest {
		if !g.flush(p) {
			return
		}
	}
	g.open = nil
}

// claimOf parses a claimant's rows into one claim: the claimant from its
// first good row, a report from each good row. Rows that do not parse, or
// whose claimant fields differ from the first, are bad rows.
func claimOf(rows []rawRow) (c programme.Claim, ok bool, bad []badRow) {
	firstLine := 0
	for i := range rows {
		r := &rows[i] // by pointer: a copy of the row would escape to the heap
		claimant, report, err := parseRow(&r.v)
		switch {
		case err != nil:
			bad = append(bad, badRow{r.line, err.Error()})
		case !ok:
			c, ok, firstLine = programme.Claim{Claimant: claimant, Reports: make([]eligibility.Report, 1, len(rows)-i)}, true, r.line
			c.Reports[0] = report
		case !sameClaimant(c.Claimant, claimant):
			bad = append(bad, badRow{r.line, fmt.Sprintf("claimant %q: fields differ from line %d", clip(claimant.ID), firstLine)})
		default:
			c.Reports = append(c.Reports, report)
		}
	}
	return c, ok, bad
}
