package claimsfile

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"math"
	"math/bits"
	"sync"
)

// countPass is the first pass of a counted grouping over a stream of
// about rows rows: the lines on which each claimant's rows begin and end,
// and the lines whose report ID repeats an earlier line's. A repeating
// row is not one of its claimant's: the second pass sets it aside as a
// bad row.
func countPass(r *bufio.Reader, f format, sch *Schema, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, err error) {
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

// countFile is countPass over a file of size bytes: a CSV file's two
// halves are read at once, one a core (the second half starts after the
// first line end past the middle, and its lines are numbered once the
// first half's are counted: no field holds a line break, so every line
// is a row of its own). A file under a megabyte, or whose header holds a
// double quote, is read by countPass in one stream.
func countFile(file io.ReaderAt, size int64, f format, sch *Schema, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, err error) {
	if firsts, lasts, repeats, ok, err := countHalves(file, size, f, sch, seed, rows); ok || err != nil {
		return firsts, lasts, repeats, err
	}
	return countPass(bufio.NewReaderSize(io.NewSectionReader(file, 0, size), 1<<16), f, sch, seed, rows)
}

// countHalves is countFile's reading in halves; ok is false where the
// file must be read in one stream instead.
func countHalves(file io.ReaderAt, size int64, f format, sch *Schema, seed maphash.Seed, rows int) (firsts, lasts lineSet, repeats map[int]int, ok bool, err error) {
	if f != formatCSV || size < 1<<20 {
		return nil, nil, nil, false, nil
	}
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

var errTooManyLines = fmt.Errorf("%w: more than %d lines", ErrFile, math.MaxInt32)

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
