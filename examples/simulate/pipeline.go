package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/programme"
)

// batchSize is how many items travel together between the stages. A
// batch's outcomes hold each decision's arrays, so the batches in flight
// are most of what the stages touch: at 64 they stay near the cores'
// caches, and 2,000,000 rows took about 10% less CPU than at 256 (32 and
// 128 saved less; the channels cost a few nanoseconds an item).
const batchSize = 64

// item is what the reader hands on, in order: a claimsfile.Group (a
// claimant's rows, not yet parsed, or a line that is not a row), or, for
// the embedded intake, a claim ready made (by pointer: an item is copied
// twice on its way into a batch).
type item struct {
	claimsfile.Group
	claim *programme.Claim
}

// batch is a run of items in input order, numbered so that the decided
// results can be put back in that order. Its items' rows are copied into
// rows, and out holds their outcomes; a batch is used again once its
// outcomes are gathered, so that a run allocates a few batches, not one
// for every 256 claimants.
type batch struct {
	seq     int
	items   []item
	rows    []claimsfile.Row
	out     []decided
	reports []eligibility.Report // the claims' reports, one claim after another
	json    []byte               // the outcomes' encoded lines, one after another
}

func newBatch() *batch {
	return &batch{items: make([]item, 0, batchSize), rows: make([]claimsfile.Row, 0, 2*batchSize), out: make([]decided, batchSize)}
}

// decided is what deciding an item gave: the rows that were bad, then
// (where ok) the claim, its decision and, with -json, its encoded line.
// A batch's outcomes are used again for its next items: buf holds the
// arrays of the decision, and with -compare before is reused.
type decided struct {
	bad    []claimsfile.BadRow
	ok     bool
	claim  programme.Claim
	d      programme.Decision
	json   []byte
	before *beforeChange // with -compare
	buf    eligibility.Buffer
}

// beforeChange is, with -compare, the claim as the programme before takes
// it, and its decision, or why it refused it.
type beforeChange struct {
	claim programme.Claim
	d     programme.Decision
	bad   string
}

// pipeline runs the stages: read (one goroutine: parse and group rows),
// decide (one goroutine a core: decide and encode), and gather (the
// caller: in input order, the summary and the output). Memory holds what
// the grouping must remember and a few batches in flight.
type pipeline struct {
	p      programme.Plan
	before *programme.Plan // with -compare: the programme before
	sch    *claimsfile.Schema
	at     time.Time
	asJSON bool
	trace  bool         // with asJSON: the full record, not the compact
	lang   string       // with -json: the trace's sentences, "" for codes only
	letter bool         // with -json: each decision's letter, in lang (Korean when "")
	rows   atomic.Int64 // rows decided, for the progress line
	bad    atomic.Int64 // bad rows, for the progress line
}

// run reads with read (which hands each item to emit, and stops when
// emit returns false) and gives gather each outcome in input order.
// gather returns false to stop the run early. A reader fills batches, the
// workers decide them, and run gathers them in order; stop ends all three.
func (pl *pipeline) run(read func(emit func(item) bool) error, gather func(*decided) bool) error {
	st := &stages{work: make(chan *batch, 4), results: make(chan *batch, 4), free: make(chan *batch, 16), stop: make(chan struct{})}
	var readErr error
	readDone := make(chan struct{}) // closed once readErr is set
	go func() {
		defer close(readDone)
		readErr = st.read(read)
	}()
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pl.decideBatches(st)
		}()
	}
	go func() { wg.Wait(); close(st.results) }()
	st.gatherInOrder(gather)
	st.halt()
	// Workers stop on halt without draining work, so the reader may still
	// be running: wait for it before reading its error.
	<-readDone
	return readErr
}

// stages are the channels between the reader, the workers and the
// gatherer of a run.
type stages struct {
	work, results chan *batch
	free          chan *batch // decided batches, to fill again
	stop          chan struct{}
	stopOnce      sync.Once
}

// halt stops every stage.
func (st *stages) halt() { st.stopOnce.Do(func() { close(st.stop) }) }

// get returns an empty batch numbered seq, a free one where there is one.
func (st *stages) get(seq int) *batch {
	var b *batch
	select {
	case b = <-st.free:
		b.items, b.rows, b.reports = b.items[:0], b.rows[:0], b.reports[:0]
	default:
		b = newBatch()
	}
	b.seq = seq
	return b
}

// read runs read, filling batches of batchSize items and sending them to
// the workers; it closes work when read returns or the run stops.
func (st *stages) read(read func(emit func(item) bool) error) error {
	defer close(st.work)
	b := st.get(0)
	send := func() bool {
		select {
		case st.work <- b:
		case <-st.stop:
			return false
		}
		b = st.get(b.seq + 1)
		return true
	}
	err := read(func(it item) bool {
		if it.Rows != nil { // copied: the reader reuses its buffers
			start := len(b.rows)
			b.rows = append(b.rows, it.Rows...)
			it.Rows = b.rows[start:len(b.rows):len(b.rows)]
		}
		b.items = append(b.items, it)
		return len(b.items) < batchSize || send()
	})
	if len(b.items) > 0 {
		send()
	}
	return err
}

// decideBatches is a worker: it decides each batch of work and sends it
// to results, until work closes or the run stops.
func (pl *pipeline) decideBatches(st *stages) {
	var rec programme.Record // with -trace: filled again for each decision
	for b := range st.work {
		b.json = b.json[:0]
		rows := 0
		for i := range b.items {
			rows += pl.decide(b, i, &rec)
		}
		// Once a batch: the workers' adds to one counter, an item at a
		// time, took its cache line from each other, with the fields
		// beside it every worker reads.
		pl.rows.Add(int64(rows))
		select {
		case st.results <- b:
		case <-st.stop:
			return
		}
	}
}

// gatherInOrder gives gather each outcome of the decided batches in input
// order, holding batches that arrive early, until results closes; a false
// from gather halts the run, and the rest are drained unread.
func (st *stages) gatherInOrder(gather func(*decided) bool) {
	early := map[int]*batch{}
	next, stopped := 0, false
	for r := range st.results {
		if stopped {
			continue
		}
		early[r.seq] = r
		for b, ok := early[next]; ok && !stopped; b, ok = early[next] {
			delete(early, next)
			next++
			for i := range b.items {
				if !gather(&b.out[i]) {
					stopped = true
					st.halt()
					break
				}
			}
			select {
			case st.free <- b:
			default:
			}
		}
	}
}

// decide decides b's item i into b.out[i]; a claim the programme refuses
// as bad input (an unknown operator, a KSIC code too broad for the table)
// becomes a bad row at the claimant's first line. The claim's reports go
// in b.reports. With -json it appends the decision's encoded line to
// b.json (the compact record, written from the decision, or with -trace
// the full record, filled into rec); the outcome's json is that line.
// It returns the number of the claimant's rows it decided, bad ones
// among them; none for a line that could not be split into a row.
func (pl *pipeline) decide(b *batch, i int, rec *programme.Record) (rows int) {
	it, o := &b.items[i], &b.out[i]
	// What gather reads of an outcome that is not ok is bad alone; claim
	// and d are set where it is.
	o.bad, o.ok, o.json = nil, false, nil
	switch {
	case it.Bad != "":
		o.bad = []claimsfile.BadRow{{Line: it.Line, Reason: it.Bad}}
		return rows
	case it.Rows != nil:
		o.claim, o.ok, o.bad = pl.sch.Claim(it.Rows, &b.reports)
		rows = len(it.Rows)
	case it.claim != nil:
		o.claim, o.ok = *it.claim, true
		rows = len(it.claim.Reports)
	}
	if !o.ok {
		return rows
	}
	var err error
	if err = pl.p.DecideInto(&o.d, &o.buf, o.claim, pl.at); err != nil {
		o.ok, o.bad = false, append(o.bad, claimsfile.BadRow{Line: it.Line, Reason: err.Error()})
		return rows
	}
	if pl.before != nil {
		if o.before == nil {
			o.before = new(beforeChange)
		}
		bc := o.before
		bc.claim = restrict(o.claim, pl.before.Eligibility())
		bc.bad = ""
		if bc.d, err = pl.before.Decide(bc.claim, pl.at); err != nil {
			bc.bad = err.Error()
		}
	}
	if pl.asJSON {
		start := len(b.json)
		var letter string
		if pl.letter {
			letter = pl.p.Letter(o.d, pl.lang)
		}
		if pl.trace {
			o.d.FillRecord(rec, pl.lang)
			rec.Letter = letter
			b.json = append(rec.AppendJSON(b.json), '\n')
		} else {
			b.json = append(o.d.AppendCompactJSON(b.json, letter), '\n')
		}
		// Where b.json grew, earlier lines keep the array they were
		// written in, which nothing writes to again.
		o.json = b.json[start:len(b.json):len(b.json)]
	}
	return rows
}

// add counts one decided claim in the summary.
func (s *summary) add(c *programme.Claim, d *programme.Decision) error {
	s.claimants++
	s.reports += len(c.Reports)
	for _, r := range c.Reports {
		if err := s.tally.Add(c.Claimant.Kind, r); err != nil {
			return err // Decide has checked every report already
		}
	}
	// Each benefit granted (the composed review included), and its items
	// against their caps: first come, first served, in the order claims
	// are decided.
	d.EachGranted(func(b int, _ string) {
		s.granted[b]++
		for _, i := range s.itemsFor[b] {
			if limit := s.items[i].Cap; limit > 0 {
				s.claimed(i, c.ClaimedAt)
				if s.issued[i] >= limit {
					s.soldOut++
					continue
				}
			}
			s.issued[i]++
		}
	})
	byBand := false
	for _, pay := range d.Payments {
		for k := range s.cash {
			if rows := &s.cash[k]; rows.benefit == pay.Benefit && pay.Award.BandIndex() >= 0 {
				row := &rows.bands[pay.Award.BandIndex()]
				row.claimants++
				row.total = row.total.Add(pay.Award.Amount)
			}
		}
		byBand = byBand || pay.Award.Review
	}
	if amount := d.Amount(); amount.Sign() > 0 {
		s.paid++
		s.budget = s.budget.Add(amount)
	}
	switch {
	case !d.Review:
	case byBand:
		s.reviews.byBand++
	default:
		s.reviews.byCondition++
	}
	s.track()
	return nil
}
