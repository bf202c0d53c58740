package main

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"math"
	"math/bits"
	"os"
	"slices"
	"sync"

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
	err     error               // why reading stopped: -grouped rows out of order
}

type pending struct {
	order int
	rows  []rawRow
}

// countPass is the first pass of a counted grouping over a stream of
// about rows rows: the lines on which each claimant's rows begin and end,
// and the lines whose report ID repeats an earlier line's. A repeating
// row is not one of its claimant's: the second pass sets it aside as a
// bad row.
func countPass(r *bufio.Reader, f format, sch *schema, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, err error) {
	h := newIDHashes(seed, rows)
	if err := scanFields(r, f, sch, idFields, h.row); err != nil {
		return nil, nil, nil, err
	}
	if h.err != nil {
		return nil, nil, nil, h.err
	}
	firsts, lasts, repeats = countRows([]*idHashes{h}, []int{0})
	return firsts, lasts, repeats, nil
}

// countFile is countPass over a file, br reading it from its start: a
// CSV file's two halves are read at once, one a core (the second half
// starts after the first line end past the middle, and its lines are
// numbered once the first half's are counted: no field holds a line
// break, so every line is a row of its own). A file under a megabyte, or
// whose header holds a double quote, is read by countPass from br, in one
// stream.
func countFile(file *os.File, br *bufio.Reader, f format, sch *schema, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, err error) {
	if firsts, lasts, repeats, ok, err := countHalves(file, f, sch, seed, rows); ok || err != nil {
		return firsts, lasts, repeats, err
	}
	return countPass(br, f, sch, seed, rows)
}

// countHalves is countFile's reading in halves; ok is false where the
// file must be read in one stream instead.
func countHalves(file *os.File, f format, sch *schema, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, ok bool, err error) {
	info, err := file.Stat()
	if err != nil || f != formatCSV || info.Size() < 1<<20 {
		return nil, nil, nil, false, nil
	}
	size := info.Size()
	// The header, on its own: the halves share its columns.
	sr := io.NewSectionReader(file, 0, size)
	br := bufio.NewReaderSize(sr, 1<<16)
	skipBOM(br)
	header, err := br.ReadSlice('\n')
	if err != nil || bytes.IndexByte(header, '"') >= 0 || len(bytes.TrimSpace(header)) == 0 {
		return nil, nil, nil, false, nil
	}
	cols := csvScan{only: idFields, sch: sch}
	if _, err := cols.readLines(bufio.NewReader(bytes.NewReader(header)), 0); err != nil || cols.cols == nil {
		return nil, nil, nil, false, nil
	}
	read, _ := sr.Seek(0, io.SeekCurrent)
	start := read - int64(br.Buffered()) // just past the header
	cut, found := lineEndAfter(file, size/2)
	if !found || cut <= start || cut >= size {
		return nil, nil, nil, false, nil
	}
	halves := [2]struct {
		from, to int64
		first    int // the line before the half's first: the header's, or 0 until the first half is counted
		h        *idHashes
		lines    int
		err      error
	}{{from: start, to: cut, first: 1}, {from: cut, to: size}}
	var wg sync.WaitGroup
	for k := range halves {
		half := &halves[k]
		half.h = newIDHashes(seed, rows/2)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := csvScan{each: half.h.row, only: idFields, cols: cols.cols, need: cols.need, sep: cols.sep, sch: sch}
			half.lines, half.err = s.readLines(bufio.NewReaderSize(io.NewSectionReader(file, half.from, half.to-half.from), 1<<16), half.first)
		}()
	}
	wg.Wait()
	for _, half := range halves {
		switch {
		case half.err != nil:
			return nil, nil, nil, false, half.err
		case half.h.err != nil:
			return nil, nil, nil, false, half.h.err
		}
	}
	if halves[0].lines+halves[1].lines > math.MaxInt32 {
		return nil, nil, nil, false, errTooManyLines
	}
	firsts, lasts, repeats = countRows([]*idHashes{halves[0].h, halves[1].h}, []int{0, halves[0].lines})
	return firsts, lasts, repeats, true, nil
}

// lineEndAfter returns the offset just past the first line end at or
// after at in file, looking as far as 64 KiB.
func lineEndAfter(file io.ReaderAt, at int64) (int64, bool) {
	buf := make([]byte, 64<<10)
	n, err := file.ReadAt(buf, at)
	if err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.IndexByte(buf[:n], '\n')
	return at + int64(i) + 1, i >= 0
}

// idFields are the fields the first pass reads.
var idFields = []int{fClaimant, fReport}

var errTooManyLines = fmt.Errorf("%w: more than %d lines", errFile, math.MaxInt32)

// idHashes are the first pass's record of a stretch of the input: the
// hashes of each good row's claimant and report IDs with its line
// (counted from the stretch's start).
type idHashes struct {
	seed               maphash.Seed
	claimants, reports linePairs
	err                error
}

func newIDHashes(seed maphash.Seed, rows int) *idHashes {
	h := &idHashes{seed: seed}
	h.claimants.grow(rows)
	h.reports.grow(rows)
	return h
}

// row takes a row as scanFields hands it over.
func (h *idHashes) row(line int, v *values, bad string) bool {
	if line > math.MaxInt32 {
		h.err = errTooManyLines
		return false
	}
	if v == nil || v[fClaimant] == "" {
		return true
	}
	h.claimants.add(maphash.String(h.seed, v[fClaimant]), int32(line))
	if v[fReport] != "" {
		h.reports.add(maphash.String(h.seed, v[fReport]), int32(line))
	}
	return true
}

// buckets is how many buckets linePairs sorts hashes into, by their top
// byte.
const buckets = 256

// linePairs holds (hash, line) pairs in buckets by the hash's top byte,
// each bucket in the order added. A lineTable puts a hash's slot by its
// top bits, so one bucket's pairs meet one 256th of the table: a stretch
// that stays in the cache, where pairs in line order would miss it at
// nearly every row.
type linePairs struct {
	hashes [buckets][]uint64
	lines  [buckets][]int32
}

func (p *linePairs) grow(n int) {
	for b := range p.hashes {
		room := n/buckets + n/buckets/8 // its share, and an eighth more
		p.hashes[b], p.lines[b] = make([]uint64, 0, room), make([]int32, 0, room)
	}
}

func (p *linePairs) add(h uint64, line int32) {
	b := h >> (64 - 8) // the top byte
	p.hashes[b], p.lines[b] = append(p.hashes[b], h), append(p.lines[b], line)
}

// eachPair calls f with the pairs of parts (the stretches of the input in
// order, their lines numbered after offsets) in buckets from to to (not
// included), bucket by bucket, each bucket in line order.
func eachPair(parts []*linePairs, offsets []int, from, to int, f func(h uint64, line int)) {
	for b := from; b < to; b++ {
		for k, p := range parts {
			for i, h := range p.hashes[b] {
				f(h, offsets[k]+int(p.lines[b][i]))
			}
		}
	}
}

// countRows is the first pass's count over its stretches' hashes: the
// report IDs first (a row whose report ID repeats an earlier one is not
// its claimant's), then each claimant's first and last lines. The hashes
// are split by their top bit, each half counted on a core in a table of
// its own.
func countRows(parts []*idHashes, offsets []int) (firsts, lasts lineSet, repeats map[int]int) {
	var claimants, reports []*linePairs
	for _, h := range parts {
		claimants, reports = append(claimants, &h.claimants), append(reports, &h.reports)
	}
	var halves [2]struct {
		repeats                 map[int]int
		repeated, firsts, lasts lineSet
	}
	inHalves := func(step func(k, from, to int)) {
		var wg sync.WaitGroup
		for k := range halves {
			wg.Add(1)
			go func() { defer wg.Done(); step(k, k*buckets/2, (k+1)*buckets/2) }()
		}
		wg.Wait()
	}
	// table returns a table for the pairs in buckets from to to, keyed
	// by the hash without its top bit (the same across the half).
	table := func(ps []*linePairs, from, to int) *lineTable {
		n := 0
		for _, p := range ps {
			for b := from; b < to; b++ {
				n += len(p.hashes[b])
			}
		}
		return newLineTable(n)
	}
	inHalves(func(k, from, to int) {
		half := &halves[k]
		half.repeats = map[int]int{}
		t := table(reports, from, to) // report ID hash -> its first line
		eachPair(reports, offsets, from, to, func(h uint64, line int) {
			first, seen := t.slot(h << 1)
			if seen {
				half.repeats[line] = int(*first)
				half.repeated.add(line)
				return
			}
			*first = int32(line)
		})
	})
	for _, p := range reports {
		*p = linePairs{} // for the collector, before the next tables
	}
	repeats, repeated := halves[0].repeats, union(halves[0].repeated, halves[1].repeated)
	maps.Copy(repeats, halves[1].repeats)
	inHalves(func(k, from, to int) {
		half := &halves[k]
		t := table(claimants, from, to) // claimant ID hash -> its last line so far
		eachPair(claimants, offsets, from, to, func(h uint64, line int) {
			if repeated.has(line) {
				return
			}
			last, seen := t.slot(h << 1)
			if !seen {
				half.firsts.add(line)
			}
			*last = int32(line)
		})
		for i, key := range t.keys {
			if key != 0 {
				half.lasts.add(int(t.lines[i]))
			}
		}
	})
	return union(halves[0].firsts, halves[1].firsts), union(halves[0].lasts, halves[1].lasts), repeats
}

// union is the lines in a or b.
func union(a, b lineSet) lineSet {
	if len(a) < len(b) {
		a, b = b, a
	}
	for i, w := range b {
		a[i] |= w
	}
	return a
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
				g.err = fmt.Errorf("%w: -grouped: claimant_id %q on line %d comes after %q on line %d: the rows are not sorted by claimant_id; "+
					"sort them (keeping the header first: sort -t, -k1,1) or leave -grouped out", errFile, clip(id), line, clip(cur.v[fClaimant]), cur.line)
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
// claim's Reports are those). Rows that do not parse, whose report the
// programme refuses alone (an unknown operator), or whose claimant fields
// differ from the first, are bad rows, each at its own line; the claimant
// is decided on the rest.
func claimOf(rows []rawRow, reports *[]eligibility.Report, sch *schema) (c programme.Claim, ok bool, bad []badRow) {
	firstLine, start := 0, len(*reports)
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
			bad = append(bad, badRow{r.line, err.Error()})
			continue
		case !ok:
			c.Claimant, ok, firstLine = claimant, true, r.line
		case !sameClaimant(c.Claimant, claimant):
			bad = append(bad, badRow{r.line, fmt.Sprintf("claimant %q: fields differ from line %d", clip(claimant.ID), firstLine)})
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
