package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/claimsfile"
	"github.com/outagerelief/relief/examples/internal/progress"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

// A chunk is one bulk call's requests: those of the claimants after the
// last chunk's through end (counted in the input's order).
type chunk struct {
	seq  int
	end  int64
	reqs []grants.Request
}

// job is one run's state, shared by the reader and the streams.
type job struct {
	o        options
	p        programme.Plan
	l        *pgledger.Ledger
	rec      pgledger.Job
	total    int64 // the input's rows, for the ETA; 0 where unknown
	rows     atomic.Int64
	requests atomic.Int64 // requests put to the ledger by this run
	bad      atomic.Int64
	badMsg   []string // the first few bad rows, for standard error

	mu      sync.Mutex
	tallies map[string]*itemTally
	next    int           // the next chunk to count as done
	ended   map[int]int64 // chunks done out of order: seq -> end
	done    int64         // claimants issued, the input's first
	// claimants counts the input's claimants, once it is read to the end.
	claimants int64
}

// itemTally is what this run did with one item.
type itemTally struct {
	pgledger.Tally
	Outside int64 // requests outside the item's claim window
}

// maxBadShown bounds the bad rows shown on standard error.
const maxBadShown = 20

func issue(ctx context.Context, o options, stdout, stderr io.Writer) error {
	start := time.Now()
	p, err := programme.Open(o.programme)
	if err != nil {
		return usageError{err}
	}
	if o.recipients != "" {
		// The kind and attributes, checked before anything is recorded.
		probe := eligibility.Claimant{ID: "probe", Kind: eligibility.Kind(o.kind), Attributes: o.attributes()}
		if _, err := p.Decide(programme.Claim{Claimant: probe}, time.Now()); err != nil {
			return usageError{fmt.Errorf("-kind %q -attrs %q: %w", o.kind, o.attrs, err)}
		}
	}
	input := o.in + o.recipients
	digest, lines, err := digestFile(input)
	if err != nil {
		return usageError{err}
	}
	name, err := jobName(o, p, digest)
	if err != nil {
		return usageError{err}
	}
	pool, err := pgxpool.New(ctx, o.db)
	if err != nil {
		return usageError{fmt.Errorf("-db: %w", err)}
	}
	defer pool.Close()
	l, err := pgledger.New(ctx, pool)
	if err != nil {
		return err
	}
	rec, err := startJob(ctx, l, name, o.at, p)
	if errors.Is(err, pgledger.ErrJobTime) || errors.Is(err, grants.ErrInvalid) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	j := &job{o: o, p: p, l: l, rec: rec, total: inputRows(o, lines), tallies: map[string]*itemTally{}, ended: map[int]int64{}, done: rec.Done}
	// On a terminal a live line, else a line every -every.
	prog := progress.Start(stderr, o.every, func() string { return j.progressLine(time.Since(start)) })
	err = j.runStreams(ctx)
	prog.Stop()
	if err != nil {
		return err
	}
	if err := l.Checkpoint(ctx, name, j.claimants, true); err != nil {
		return err
	}
	for _, m := range j.badMsg {
		fmt.Fprintln(stderr, "issue: bad row:", m)
	}
	return j.summary(ctx, stdout, time.Since(start))
}

// inputRows is how many rows an input of lines lines holds, for the ETA:
// a CSV file's less its header; 0 (unknown) for a workbook, whose bytes
// are not its rows.
func inputRows(o options, lines int64) int64 {
	switch ext := strings.ToLower(filepath.Ext(o.in)); {
	case o.in == "", ext == ".jsonl", ext == ".ndjson":
		return lines
	case ext == ".xlsx":
		return 0
	}
	return max(0, lines-1)
}

// startJob finds the job of the name, or records it: at -at where given
// (a job recorded already must have been started at that instant), else
// at the first instant every item's window is open.
func startJob(ctx context.Context, l *pgledger.Ledger, name, at string, p programme.Plan) (pgledger.Job, error) {
	if at != "" {
		t, err := parseAt(at, p.Zone())
		if err != nil {
			return pgledger.Job{}, usageError{err}
		}
		return l.StartJob(ctx, name, t)
	}
	rec, err := l.StartJob(ctx, name, time.Time{})
	if !errors.Is(err, pgledger.ErrNoJob) {
		return rec, err
	}
	t, err := allOpen(p)
	if err != nil {
		return pgledger.Job{}, usageError{err}
	}
	return l.StartJob(ctx, name, t)
}

// parseAt reads -at: an RFC 3339 instant, or a local date and time in
// zone.
func parseAt(s string, zone *time.Location) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.ParseInLocation("2006-01-02T15:04:05", s, zone); err != nil {
			return time.Time{}, fmt.Errorf("-at %q: want an instant like 2023-01-05T09:00:00+09:00, or a local 2023-01-05T09:00:00", s)
		}
	}
	if err := grants.CheckInstant("-at", t); err != nil {
		return time.Time{}, fmt.Errorf("-at %s: want an instant from 1970-01-01 to 2199-12-31 KST", s)
	}
	return t, nil
}

// allOpen is the first instant at which every item's claim window is
// open: the latest opening. It is an error where that is not before
// every closing, or where the programme has no items.
func allOpen(p programme.Plan) (time.Time, error) {
	items := p.Catalogue().Items()
	if len(items) == 0 {
		return time.Time{}, errors.New("the programme has no items to issue")
	}
	var at time.Time
	for _, it := range items {
		if it.Window.Opens.After(at) {
			at = it.Window.Opens
		}
	}
	for _, it := range items {
		if it.Window.Check(at) != nil {
			return time.Time{}, fmt.Errorf("no instant has every item's window open (%s's is not at %s): give -at", it.ID, at.Format(time.RFC3339))
		}
	}
	return at, nil
}

// digestFile returns the SHA-256 of the file's content and its lines.
func digestFile(name string) ([]byte, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	h := sha256.New()
	var lines int64
	buf := make([]byte, 1<<20)
	last := byte('\n')
	for {
		n, err := f.Read(buf)
		h.Write(buf[:n])
		lines += int64(bytes.Count(buf[:n], []byte{'\n'}))
		if n > 0 {
			last = buf[n-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	if last != '\n' {
		lines++
	}
	return h.Sum(nil), lines, nil
}

// jobName is -job, or a name from what shapes the job: the programme's
// content, the input's, and the input's kind with -kind and -attrs.
func jobName(o options, p programme.Plan, digest []byte) (string, error) {
	if o.job != "" {
		if err := grants.CheckIdentity("-job", o.job); err != nil {
			return "", err
		}
		return o.job, nil
	}
	def, err := p.MarshalJSON()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s\n%x\n%t\n%q\n%q\n", len(def), def, digest, o.recipients != "", o.kind, o.attrs)
	return "issue-" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// runStreams reads the input into chunks and issues them on o.streams
// connections, counting each chunk done once all before it are.
func (j *job) runStreams(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	chunks := make(chan chunk, j.o.streams)
	var wg sync.WaitGroup
	for range j.o.streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				if err := j.issueChunk(ctx, c); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	err := j.read(ctx, chunks)
	close(chunks)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}

// issueChunk issues one chunk, adds its tallies, and records the job's
// progress where the chunk ends the run of those done.
func (j *job) issueChunk(ctx context.Context, c chunk) error {
	tallies, err := j.l.IssueBulk(ctx, c.reqs)
	if err != nil {
		return err
	}
	j.requests.Add(int64(len(c.reqs)))
	j.mu.Lock()
	for _, t := range tallies {
		it := j.tally(t.Item)
		it.Cap, it.New, it.Held, it.SoldOut = t.Cap, it.New+t.New, it.Held+t.Held, it.SoldOut+t.SoldOut
	}
	j.ended[c.seq] = c.end
	advanced := false
	for end, ok := j.ended[j.next]; ok; end, ok = j.ended[j.next] {
		delete(j.ended, j.next)
		j.done, j.next, advanced = end, j.next+1, true
	}
	done := j.done
	j.mu.Unlock()
	if !advanced {
		return nil
	}
	return j.l.Checkpoint(ctx, j.rec.Name, done, false)
}

// tally returns the item's tally (j.mu held).
func (j *job) tally(item string) *itemTally {
	t, ok := j.tallies[item]
	if !ok {
		t = &itemTally{}
		t.Item = item
		j.tallies[item] = t
	}
	return t
}

// read decides each claimant past those the job issued already and sends
// their requests in chunks of about o.batch.
func (j *job) read(ctx context.Context, chunks chan<- chunk) error {
	var cur chunk
	var claimants int64
	send := func() bool {
		if len(cur.reqs) == 0 {
			return true
		}
		cur.end = claimants
		select {
		case chunks <- cur:
		case <-ctx.Done():
			return false
		}
		cur = chunk{seq: cur.seq + 1, reqs: make([]grants.Request, 0, j.o.batch+16)}
		return true
	}
	cur.reqs = make([]grants.Request, 0, j.o.batch+16)
	claimant := func(c programme.Claim) bool {
		claimants++
		if claimants <= j.rec.Done {
			return true
		}
		j.decide(c, &cur.reqs)
		if len(cur.reqs) >= j.o.batch {
			return send()
		}
		return true
	}
	var err error
	if j.o.in != "" {
		err = j.readClaims(claimant)
	} else {
		err = j.readRecipients(claimant)
	}
	if err == nil && !send() {
		return ctx.Err()
	}
	if err == nil {
		j.claimants = claimants
	}
	return err
}

// decide adds the requests of the items the claim is entitled to.
func (j *job) decide(c programme.Claim, reqs *[]grants.Request) {
	d, err := j.p.Decide(c, j.rec.IssuedAt)
	if err != nil {
		j.badRow(err.Error())
		return
	}
	for _, it := range d.Items() {
		r, err := it.Request(c.Claimant.ID, j.rec.IssuedAt)
		switch {
		case errors.Is(err, grants.ErrNotOpen), errors.Is(err, grants.ErrClosed):
			j.mu.Lock()
			t := j.tally(it.ID)
			t.Cap = it.Cap
			t.Outside++
			j.mu.Unlock()
		case err != nil:
			j.badRow(err.Error())
			return
		default:
			*reqs = append(*reqs, r)
		}
	}
}

func (j *job) badRow(msg string) {
	j.bad.Add(1)
	j.mu.Lock()
	if len(j.badMsg) < maxBadShown {
		j.badMsg = append(j.badMsg, msg)
	}
	j.mu.Unlock()
}

// readClaims reads the claims file, a claimant at a time.
func (j *job) readClaims(claimant func(programme.Claim) bool) error {
	sch, err := claimsfile.NewSchema(j.p)
	if err != nil {
		return usageError{err}
	}
	var reports []eligibility.Report
	err = claimsfile.Read(j.o.in, sch, claimsfile.Options{}, func(g claimsfile.Group) bool {
		if g.Rows == nil {
			j.rows.Add(1)
			j.badRow(fmt.Sprintf("line %d: %s", g.Line, g.Bad))
			return true
		}
		j.rows.Add(int64(len(g.Rows)))
		reports = reports[:0] // the last claim's, decided already
		c, ok, bad := sch.Claim(g.Rows, &reports)
		for _, b := range bad {
			j.badRow(b.String())
		}
		return !ok || claimant(c)
	})
	if err != nil {
		return usageError{err}
	}
	return nil
}

// attributes are -attrs as a list.
func (o options) attributes() []string {
	if o.attrs == "" {
		return nil
	}
	return strings.Split(o.attrs, ",")
}

// maxRecipientLine bounds a line of a recipients file.
const maxRecipientLine = 4096

// readRecipients reads the recipients file, each a claimant of -kind.
func (j *job) readRecipients(claimant func(programme.Claim) bool) error {
	attrs, kind := j.o.attributes(), eligibility.Kind(j.o.kind)
	f, err := os.Open(j.o.recipients)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, maxRecipientLine+1), maxRecipientLine+1) // the line and its newline
	line := 0
	for sc.Scan() {
		line++
		j.rows.Add(1)
		id := strings.TrimSuffix(sc.Text(), "\r")
		if id == "" || strings.HasPrefix(id, "#") {
			continue
		}
		if err := grants.CheckIdentity("recipient", id); err != nil {
			j.badRow(fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		if !claimant(programme.Claim{Claimant: eligibility.Claimant{ID: id, Kind: kind, Attributes: attrs}}) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return usageError{fmt.Errorf("%s: line %d: %w (a line is at most %d bytes)", j.o.recipients, line+1, err, maxRecipientLine)}
	}
	return nil
}
