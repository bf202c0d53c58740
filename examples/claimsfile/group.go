package claimsfile

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
)

// A Group is what Read hands on, in input order: a claimant's rows, not
// yet parsed (Schema.Claim parses them), or a line that could not be
// split into fields (Bad says why).
type Group struct {
	Line int    // the line of the claimant's first row, or of the bad line
	Rows []Row  // the claimant's rows, in input order; nil for a bad line
	Bad  string // why the line is a bad row; "" for a claimant's rows
}

// A Row is one row's fields as written, with its line. A Row may be
// copied: it holds its fields by value.
type Row struct {
	line int
	v    values
}

// Line is the row's line in the input, counted from 1.
func (r Row) Line() int { return r.line }

// grouping says how rows become claims. Each claimant's rows must all be
// seen before it is decided, so a grouping remembers what it must:
//
//   - grouped: the input is sorted by claimant ID; a claim ends where the
//     ID changes. Nothing is remembered past the claimant being read.
//   - counted: a first pass marked each claimant's first and last rows
//     (by line) and the repeated report IDs; a claim ends with its last
//     row. Only claimants with rows still to come are held, and two bits
//     a line: a claimant of one row is decided without a lookup.
//   - buffered: standard input, not sorted; every claim is held to the
//     end of the stream.
type grouping struct {
	seed    maphash.Seed
	grouped bool
	counted bool
	firsts  lineSet        // counted: the lines that begin a claimant's rows
	lasts   lineSet        // counted: the lines that end them
	repeats map[int]int    // counted: line -> the line whose report_id it repeats
	reports map[uint64]int // report ID hash -> line (buffered; grouped: this claimant's)

	open    map[string]*pending // claims with rows still to come
	cur     *pending            // grouped: the claim being read
	scratch pending             // a claimant of one row, emitted at once
	first   int                 // the order of the next new claimant
	emit    func(Group) bool    // copies a group's rows: a pending's buffer is reused
	err     error               // why reading stopped: -grouped rows out of order
}

type pending struct {
	order int
	rows  []Row
}

// add takes one row; it returns false when the consumer wants no more.
// Rows are grouped by their claimant_id as written; parsing them is the
// deciding stage's work, done on every core.
func (g *grouping) add(line int, v *values, bad string) bool {
	switch {
	case bad != "":
		return g.emit(Group{Line: line, Bad: bad})
	case v[fClaimant] == "":
		return g.emit(Group{Line: line, Bad: "missing claimant_id"})
	}
	id := v[fClaimant]
	if first, ok := g.repeated(line, v[fReport]); ok {
		return g.emit(Group{Line: line, Bad: fmt.Sprintf("report_id %q repeats line %d", clip(v[fReport]), first)})
	}
	if g.counted && g.firsts.has(line) && g.lasts.has(line) { // a claimant of one row
		g.first++
		if g.scratch.rows == nil {
			g.scratch.rows = make([]Row, 1)
		}
		g.scratch.rows = g.scratch.rows[:1]
		g.scratch.rows[0].line, g.scratch.rows[0].v = line, *v // copied once, in place
		return g.flush(&g.scratch)
	}
	r := Row{line, *v}
	if g.grouped {
		if g.cur != nil && g.cur.rows[0].v[fClaimant] != id {
			if cur := g.cur.rows[0]; id < cur.v[fClaimant] {
				g.err = fmt.Errorf("%w: -grouped: claimant_id %q on line %d comes after %q on line %d: the rows are not sorted by claimant_id; "+
					"sort them (keeping the header first: sort -t, -k1,1) or leave -grouped out", ErrFile, clip(id), line, clip(cur.v[fClaimant]), cur.line)
				return false
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
	if g.counted {
		last := g.lasts.has(line)
		p := g.open[id]
		if p == nil { // first, or the first pass disagrees (a file changed under it)
			g.first++
			p = &pending{order: g.first - 1}
			g.open[id] = p
		}
		p.rows = append(p.rows, r)
		if last {
			delete(g.open, id)
			return g.flush(p)
		}
		return true
	}
	p := g.open[id]
	if p == nil {
		g.first++
		g.open[id] = &pending{order: g.first - 1, rows: []Row{r}}
		return true
	}
	p.rows = append(p.rows, r)
	return true
}

// longClaimant is how many rows a claimant has before -grouped indexes
// its report IDs instead of looking through them.
const longClaimant = 32

// repeated reports whether the report ID on line repeats an earlier one
// (counted: as the first pass found; buffered: in the whole stream;
// grouped: in the current claimant's rows), and notes it otherwise.
func (g *grouping) repeated(line int, id string) (int, bool) {
	if id == "" { // a row of a claimant with no report
		return 0, false
	}
	if g.counted {
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
				if r.v[fReport] != "" {
					g.reports[maphash.String(g.seed, r.v[fReport])] = r.line
				}
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
	return g.emit(Group{Line: p.rows[0].line, Rows: p.rows})
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

// Claim parses a claimant's rows (a Group's) into one claim: the
// claimant from its first good row, a report from each good row,
// appended to reports (the claim's Reports are those: pass the same
// slice for many claims to share one array). Rows that do not parse,
// whose report the programme refuses alone (an unknown operator), or
// whose claimant fields (claimed_at among them) differ from the first,
// are bad rows, each at its own line; the claim is the rest, and ok is
// false where no row is good.
// Claim is safe for concurrent use.
func (sch *Schema) Claim(rows []Row, reports *[]eligibility.Report) (c programme.Claim, ok bool, bad []BadRow) {
	firstLine, start := 0, len(*reports)
	claimed := "" // the first good row's claimed_at, as written: each row must say the same
	for i := range rows {
		r := &rows[i] // by pointer: a copy of the row would escape to the heap
		claimant, report, hasReport, err := parseRow(&r.v, sch)
		if err == nil && hasReport {
			if err = sch.policy.CheckReport(report); err != nil {
				err = fmt.Errorf("claimant %q: %w", clip(claimant.ID), err)
			}
		}
		switch {
		case err != nil:
			bad = append(bad, BadRow{r.line, err.Error()})
			continue
		case !ok:
			if c.ClaimedAt, err = sch.claimedAt(&r.v); err != nil {
				bad = append(bad, BadRow{r.line, fmt.Sprintf("claimant %q: %v", clip(claimant.ID), err)})
				continue
			}
			c.Claimant, ok, firstLine, claimed = claimant, true, r.line, r.v[fClaimed]
		case !sameClaimant(c.Claimant, claimant) || r.v[fClaimed] != claimed:
			bad = append(bad, BadRow{r.line, fmt.Sprintf("claimant %q: fields differ from line %d", clip(claimant.ID), firstLine)})
			continue
		}
		if hasReport {
			*reports = append(*reports, report)
		}
	}
	// Where reports grew, earlier claims keep the array they were made in.
	c.Reports = (*reports)[start:len(*reports):len(*reports)]
	return c, ok, bad
}
