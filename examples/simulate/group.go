package main

import (
	"bufio"
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
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
	emit    func(item) bool     // copies an item's rows: a pending's buffer is reused
}

type pending struct {
	order int
	rows  []rawRow
}

// countPass is the first pass of a counted grouping over a file of about
// rows rows: the lines on which each claimant's rows begin and end, and
// the lines whose report ID repeats an earlier line's. A repeating row is
// not one of its claimant's: the second pass sets it aside as a bad row.
func countPass(r *bufio.Reader, f format, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, err error) {
	repeats = map[int]int{}
	claimants := newLineTable(rows) // claimant ID hash -> its last line so far
	reports := newLineTable(rows)   // report ID hash -> its first line
	// The reader hashes the rows' IDs and hands them on in batches; this
	// goroutine looks them up, on the other core. Finding a whole batch's
	// slots before changing any lets the memory fetch them together, where
	// one lookup at a time would wait for each.
	type row struct {
		line                     int32
		claimant, report         uint64
		hasReport                bool
		claimantAt, reportAt     int // where find saw each, before the batch's inserts
		claimantSeen, reportSeen bool
	}
	batches, free := make(chan []row, 4), make(chan []row, 4)
	for range cap(free) {
		free <- make([]row, 0, 512)
	}
	go func() {
		defer close(batches)
		batch := <-free
		scanErr := scanFields(r, f, []int{fClaimant, fReport}, func(line int, v *values, bad string) bool {
			if line > math.MaxInt32 {
				err = fmt.Errorf("%w: more than %d lines", errFile, math.MaxInt32)
				return false
			}
			if v == nil || v[fClaimant] == "" {
				return true
			}
			rw := row{line: int32(line), claimant: maphash.String(seed, v[fClaimant]), hasReport: v[fReport] != ""}
			if rw.hasReport {
				rw.report = maphash.String(seed, v[fReport])
			}
			if batch = append(batch, rw); len(batch) == cap(batch) {
				batches <- batch
				batch = (<-free)[:0]
			}
			return true
		})
		if err == nil {
			err = scanErr
		}
		batches <- batch
	}()
	for batch := range batches {
		claimants.reserve(len(batch))
		reports.reserve(len(batch))
		for k := range batch { // read ahead: the whole batch's slots fetched together
			r := &batch[k]
			r.claimantAt, r.claimantSeen = claimants.find(r.claimant)
			if r.hasReport {
				r.reportAt, r.reportSeen = reports.find(r.report)
			}
		}
		for _, r := range batch {
			if r.hasReport {
				first, seen := reports.slotFound(r.report, r.reportAt, r.reportSeen)
				if seen {
					repeats[int(r.line)] = int(*first)
					continue
				}
				*first = r.line
			}
			last, seen := claimants.slotFound(r.claimant, r.claimantAt, r.claimantSeen)
			if !seen {
				firsts.add(int(r.line))
			}
			*last = r.line
		}
		free <- batch
	}
	for i, k := range claimants.keys {
		if k != 0 {
			lasts.add(int(claimants.lines[i]))
		}
	}
	return firsts, lasts, repeats, err
}

// lineSet is a set of line numbers, a bit each.
type lineSet []uint64

func (s *lineSet) add(line int) {
	for line/64 >= len(*s) {
		*s = append(*s, make([]uint64, max(64, len(*s)))...)
	}
	(*s)[line/64] |= 1 << (line % 64)
}

func (s lineSet) has(line int) bool { return line/64 < len(s) && s[line/64]&(1<<(line%64)) != 0 }

// lineTable maps 64-bit hashes to line numbers by open addressing in two
// flat arrays, sized for the rows expected: no pointers for the
// collector, 12 bytes a slot, and a fraction of a Go map's work a row.
// The hash 0 is kept as 1, since a zero key marks a free slot.
type lineTable struct {
	keys  []uint64
	lines []int32
	n     int
}

// newLineTable returns a table with room for about n entries.
func newLineTable(n int) *lineTable {
	t := &lineTable{}
	t.resize(max(1024, n+n/2))
	return t
}

// slot returns where h's line is, added as zero where h is new, and
// whether it was there before.
func (t *lineTable) slot(h uint64) (*int32, bool) {
	if t.n >= len(t.keys)/4*3 {
		t.resize(2 * len(t.keys))
	}
	i, ok := t.find(h)
	if !ok {
		t.keys[i] = max(h, 1)
		t.n++
	}
	return &t.lines[i], ok
}

// reserve makes room for n more entries, so that the next n slot calls
// do not move any.
func (t *lineTable) reserve(n int) {
	for t.n+n >= len(t.keys)/4*3 {
		t.resize(2 * len(t.keys))
	}
}

// slotFound is slot(h) where find(h) gave i and seen before the entries
// added since: a hash seen then is where it was (entries never move
// while reserved room lasts); another is looked for again.
func (t *lineTable) slotFound(h uint64, i int, seen bool) (*int32, bool) {
	if seen {
		return &t.lines[i], true
	}
	return t.slot(h)
}

// home is h's first slot: h scaled to the table's size.
func (t *lineTable) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(t.keys)))
	return int(hi)
}

// find returns h's slot, or the free slot where it would go.
func (t *lineTable) find(h uint64) (int, bool) {
	h = max(h, 1)
	for i := t.home(h); ; {
		switch t.keys[i] {
		case h:
			return i, true
		case 0:
			return i, false
		}
		if i++; i == len(t.keys) {
			i = 0
		}
	}
}

func (t *lineTable) resize(size int) {
	keys, lines := t.keys, t.lines
	t.keys, t.lines = make([]uint64, size), make([]int32, size)
	for i, k := range keys {
		if k != 0 {
			j, _ := t.find(k)
			t.keys[j], t.lines[j] = k, lines[i]
		}
	}
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
	if g.counted {
		first, last := g.firsts.has(line), g.lasts.has(line)
		switch {
		case first && last:
			g.first++
			g.scratch.rows = append(g.scratch.rows[:0], r)
			return g.flush(&g.scratch)
		}
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
		g.open[id] = &pending{order: g.first - 1, rows: []rawRow{r}}
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
// first good row, a report from each good row, appended to reports (the
// claim's Reports are those). Rows that do not parse, or whose claimant
// fields differ from the first, are bad rows.
func claimOf(rows []rawRow, reports *[]eligibility.Report) (c programme.Claim, ok bool, bad []badRow) {
	firstLine, start := 0, len(*reports)
	for i := range rows {
		r := &rows[i] // by pointer: a copy of the row would escape to the heap
		claimant, report, err := parseRow(&r.v)
		switch {
		case err != nil:
			bad = append(bad, badRow{r.line, err.Error()})
		case !ok:
			c.Claimant, ok, firstLine = claimant, true, r.line
			*reports = append(*reports, report)
		case !sameClaimant(c.Claimant, claimant):
			bad = append(bad, badRow{r.line, fmt.Sprintf("claimant %q: fields differ from line %d", clip(claimant.ID), firstLine)})
		default:
			*reports = append(*reports, report)
		}
	}
	// Where reports grew, earlier claims keep the array they were made in.
	c.Reports = (*reports)[start:len(*reports):len(*reports)]
	return c, ok, bad
}
