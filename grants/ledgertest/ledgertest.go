// Package ledgertest is a conformance suite for implementations of
// [grants.Ledger], in the spirit of testing/fstest.TestFS. A ledger's own
// test calls [Run]:
//
//	func TestLedger(t *testing.T) {
//		ledgertest.Run(t, func(t *testing.T) grants.Ledger { return grants.NewMemoryLedger() })
//	}
//
// The suite checks idempotency, caps, races of many goroutines over the
// last units of a capped item, retries, batches (each item with the
// guarantees of a single issue, alone or racing single issues),
// cancellation, and the input domain
// every Ledger shares (recipients and item IDs as [grants.CheckIdentity]
// defines them, issue times as [grants.CheckInstant] does). Every
// subtest uses item IDs of its own, so a ledger that keeps its state (a
// database) can be shared between subtests and runs. Times are whole
// seconds, so a ledger may store them at microsecond precision; a ledger
// may return them in any zone.
package ledgertest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/outagerelief/relief/grants"
)

// Run runs the conformance suite against ledgers made by newLedger, which
// is called once per subtest.
func Run(t *testing.T, newLedger func(t *testing.T) grants.Ledger) {
	s := &suite{newLedger: newLedger, run: fmt.Sprintf("%016x", rand.Uint64()), ctx: context.Background(),
		at: time.Date(2023, 1, 5, 9, 0, 0, 0, time.FixedZone("KST", 9*60*60))}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.check(t, s) })
	}
}

// suite is what every check shares: the ledger maker, item IDs unique to
// this run, the instant of the issues and a context.
type suite struct {
	newLedger func(t *testing.T) grants.Ledger
	run       string
	at        time.Time
	ctx       context.Context
}

// item is an item ID unique to the run and the subtest.
func (s *suite) item(t *testing.T) string { return "ledgertest/" + s.run + "/" + t.Name() }

// grant is a grant of item to who at the suite's instant, for 90 days.
func (s *suite) grant(item, who string) grants.Grant {
	return grants.Grant{Item: item, Recipient: who, IssuedAt: s.at, Expires: s.at.AddDate(0, 0, 90)}
}

// checks are the guarantees every Ledger keeps, each a subtest named as
// a sentence: adding a guarantee is adding a check.
var checks = []struct {
	name  string
	check func(t *testing.T, s *suite)
}{
	{"a first issue of an item of cap 1 is serial 1 and is held", firstIssue},
	{"a retry returns the grant already issued", retry},
	{"serials rise per uncapped item, and a capped item's fill 1..cap", serials},
	{"a capped item stops at its cap and keeps its holders", capStops},
	{"many goroutines racing for the last units get exactly the cap", raceForLastUnits},
	{"a batch issues each item once, and its retry returns the same grants", batchOnce},
	{"a sold-out item in a batch does not stop the others", soldOutInBatch},
	{"batches and single issues racing for the last units get exactly the cap", batchesRaceSingles},
	{"a batch across recipients issues each grant once, and its retry returns the same grants", acrossRecipients},
	{"a batch across recipients that asks for more units than are left gets exactly the rest", acrossRecipientsRest},
	{"batches across recipients racing each other and single issues get exactly the cap", acrossRecipientsRace},
	{"a bad batch issues nothing", badBatch},
	{"a cancelled context issues nothing", cancelled},
	{"bad input is refused", badInput},
	{"recipients at the edges of the identity domain are kept exactly", identityEdges},
	{"holdings list every item a recipient holds, by item ID", holdings},
	{"an item keeps the cap of its first issue", capOfFirstIssue},
}

// firstIssue checks that a first issue of an item of cap 1 is serial 1 and is held.
func firstIssue(t *testing.T, s *suite) {
	newLedger, item, at, ctx, grant := s.newLedger, s.item, s.at, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	g, err := l.Issue(ctx, grant(id, "alice"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if g.Serial != 1 || g.Item != id || g.Recipient != "alice" || !g.IssuedAt.Equal(at) || !g.Expires.Equal(at.AddDate(0, 0, 90)) {
		t.Errorf("Issue = %+v, want serial 1 for alice at %v", g, at)
	}
	held, err := l.Holdings(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !holds(held, id, 1) {
		t.Errorf("Holdings(alice) = %+v, want the grant of %s", held, id)
	}
	expectIssued(t, l, id, 1)
}

// retry checks that a retry returns the grant already issued.
func retry(t *testing.T, s *suite) {
	newLedger, item, at, ctx, grant := s.newLedger, s.item, s.at, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	first, err := l.Issue(ctx, grant(id, "bob"), 5)
	if err != nil {
		t.Fatal(err)
	}
	retry := grant(id, "bob")
	retry.IssuedAt = at.Add(time.Hour)
	again, err := l.Issue(ctx, retry, 5)
	if err != nil {
		t.Fatal(err)
	}
	if again.Serial != first.Serial || !again.IssuedAt.Equal(first.IssuedAt) {
		t.Errorf("retry = %+v, want the first grant %+v", again, first)
	}
	expectIssued(t, l, id, 1)
}

// serials checks that serials rise per uncapped item, and a capped item's fill 1..cap.
func serials(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id, capped := newLedger(t), item(t), item(t)+"/capped"
	var last int64
	capped3 := map[int64]bool{}
	for _, who := range []string{"a", "b", "c"} {
		g, err := l.Issue(ctx, grant(id, who), 0)
		if err != nil {
			t.Fatal(err)
		}
		if g.Serial <= last {
			t.Errorf("uncapped grant to %s has serial %d, not above %d", who, g.Serial, last)
		}
		last = g.Serial
		c, err := l.Issue(ctx, grant(capped, who), 3)
		if err != nil {
			t.Fatal(err)
		}
		capped3[c.Serial] = true
	}
	if !capped3[1] || !capped3[2] || !capped3[3] {
		t.Errorf("an item of cap 3 sold out with serials %v, want 1, 2 and 3", capped3)
	}
	expectIssued(t, l, id, 3)
	expectIssued(t, l, capped, 3)
}

// capStops checks that a capped item stops at its cap and keeps its holders.
func capStops(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	for _, who := range []string{"a", "b"} {
		if _, err := l.Issue(ctx, grant(id, who), 2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Issue(ctx, grant(id, "c"), 2); !errors.Is(err, grants.ErrSoldOut) {
		t.Errorf("issue past the cap: error = %v, want ErrSoldOut", err)
	}
	first, _ := l.Holdings(ctx, "a")
	if g, err := l.Issue(ctx, grant(id, "a"), 2); err != nil || !holds(first, id, g.Serial) {
		t.Errorf("a holder's retry after the cap: %+v, %v; want the grant held", g, err)
	}
	expectIssued(t, l, id, 2)
}

// raceForLastUnits checks that many goroutines racing for the last units get exactly the cap.
func raceForLastUnits(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	const cap, before, racers, tries = 100, 90, 32, 4
	early := map[int64]bool{}
	for i := range before {
		g, err := l.Issue(ctx, grant(id, fmt.Sprintf("early-%d", i)), cap)
		if err != nil {
			t.Fatal(err)
		}
		early[g.Serial] = true
	}
	var won, soldOut atomic.Int64
	serials := make(chan int64, racers*tries)
	var wg sync.WaitGroup
	for r := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range tries {
				// Each racer retries its own recipient; pairs of racers share one.
				who := fmt.Sprintf("racer-%d", r/2)
				g, err := l.Issue(ctx, grant(id, who), cap)
				switch {
				case errors.Is(err, grants.ErrSoldOut):
					soldOut.Add(1)
				case err != nil:
					t.Errorf("racer %d try %d: %v", r, k, err)
				default:
					won.Add(1)
					serials <- g.Serial
				}
			}
		}()
	}
	wg.Wait()
	close(serials)
	distinct := map[int64]bool{}
	for s := range serials {
		distinct[s] = true
	}
	if len(distinct) != cap-before {
		t.Errorf("%d distinct serials issued in the race, want %d", len(distinct), cap-before)
	}
	for s := range distinct {
		if s < 1 || s > cap || early[s] {
			t.Errorf("serial %d issued in the race: outside 1 to %d, or issued before it", s, cap)
		}
	}
	expectIssued(t, l, id, cap)
	for r := range racers / 2 {
		held, err := l.Holdings(ctx, fmt.Sprintf("racer-%d", r))
		if err != nil {
			t.Fatal(err)
		}
		if n := count(held, id); n > 1 {
			t.Errorf("racer-%d holds %d grants of the item, want at most 1", r, n)
		}
	}
}

// batchOnce checks that a batch issues each item once, and its retry returns the same grants.
func batchOnce(t *testing.T, s *suite) {
	newLedger, item, at, ctx, grant := s.newLedger, s.item, s.at, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	batch := []grants.Request{{Grant: grant(id+"/a", "gina"), Cap: 0}, {Grant: grant(id+"/b", "gina"), Cap: 5}, {Grant: grant(id+"/c", "gina"), Cap: 1}}
	first, err := l.IssueBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(batch) {
		t.Fatalf("%d outcomes for %d requests", len(first), len(batch))
	}
	for i, o := range first {
		if o.Err != nil || !o.New || o.Grant.Item != batch[i].Grant.Item || o.Grant.Recipient != "gina" || o.Grant.Serial <= 0 || !o.Grant.IssuedAt.Equal(at) {
			t.Errorf("outcome %d = %+v, want a grant of %s", i, o, batch[i].Grant.Item)
		}
	}
	again, err := l.IssueBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].Err != nil || again[i].New || again[i].Grant.Serial != first[i].Grant.Serial {
			t.Errorf("retry outcome %d = %+v, want the first grant %+v", i, again[i], first[i].Grant)
		}
	}
	single, err := l.Issue(ctx, grant(id+"/b", "gina"), 5)
	if err != nil || single.Serial != first[1].Grant.Serial {
		t.Errorf("a single issue after the batch: %+v, %v; want the batch's grant", single, err)
	}
	for _, suffix := range []string{"/a", "/b", "/c"} {
		expectIssued(t, l, id+suffix, 1)
	}
	held, err := l.Holdings(ctx, "gina")
	if err != nil || len(held) != 3 {
		t.Errorf("Holdings(gina) = %+v, %v; want 3 grants", held, err)
	}
}

// soldOutInBatch checks that a sold-out item in a batch does not stop the others.
func soldOutInBatch(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	if _, err := l.Issue(ctx, grant(id+"/last", "hal"), 1); err != nil {
		t.Fatal(err)
	}
	out, err := l.IssueBatch(ctx, []grants.Request{{Grant: grant(id+"/free", "ida")}, {Grant: grant(id+"/last", "ida"), Cap: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Err != nil || out[0].Grant.Serial <= 0 {
		t.Errorf("the free item: %+v, want a grant", out[0])
	}
	if !errors.Is(out[1].Err, grants.ErrSoldOut) || out[1].Grant.Serial != 0 {
		t.Errorf("the sold-out item: %+v, want ErrSoldOut and no grant", out[1])
	}
	expectIssued(t, l, id+"/last", 1)
	expectIssued(t, l, id+"/free", 1)
}

// batchesRaceSingles checks that batches and single issues racing for the last units get exactly the cap.
func batchesRaceSingles(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	const cap, racers = 8, 24 // 12 recipients for 8 units
	var wg sync.WaitGroup
	for r := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := fmt.Sprintf("batcher-%d", r/2) // pairs share a recipient
			if r%3 == 0 {
				if _, err := l.Issue(ctx, grant(id, who), cap); err != nil && !errors.Is(err, grants.ErrSoldOut) {
					t.Errorf("racer %d: %v", r, err)
				}
				return
			}
			out, err := l.IssueBatch(ctx, []grants.Request{{Grant: grant(id+"/free", who)}, {Grant: grant(id, who), Cap: cap}})
			if err != nil {
				t.Errorf("racer %d: %v", r, err)
				return
			}
			if out[1].Err != nil && !errors.Is(out[1].Err, grants.ErrSoldOut) {
				t.Errorf("racer %d: %v", r, out[1].Err)
			}
		}()
	}
	wg.Wait()
	n, err := l.Issued(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n != cap {
		t.Errorf("Issued = %d, want exactly the cap %d", n, cap)
	}
	serials := map[int64]bool{}
	for r := range racers / 2 {
		held, err := l.Holdings(ctx, fmt.Sprintf("batcher-%d", r))
		if err != nil {
			t.Fatal(err)
		}
		if c := count(held, id); c > 1 {
			t.Errorf("batcher-%d holds %d grants of the item", r, c)
		}
		for _, g := range held {
			if g.Item == id {
				serials[g.Serial] = true
			}
		}
	}
	for s := int64(1); s <= cap; s++ {
		if !serials[s] {
			t.Errorf("serial %d of the capped item is held by no one: %v", s, serials)
		}
	}
}

// acrossRecipients checks that a batch across recipients issues each grant once, and its retry returns the same grants.
func acrossRecipients(t *testing.T, s *suite) {
	newLedger, item, at, ctx, grant := s.newLedger, s.item, s.at, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	const people, cap = 40, 100
	var batch []grants.Request
	for p := range people {
		who := fmt.Sprintf("crowd-%d", p)
		batch = append(batch, grants.Request{Grant: grant(id+"/free", who)}, grants.Request{Grant: grant(id+"/capped", who), Cap: cap})
	}
	first, err := l.IssueBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(batch) {
		t.Fatalf("%d outcomes for %d requests", len(first), len(batch))
	}
	checkNewGrants(t, batch, first, at)
	again, err := l.IssueBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].Err != nil || again[i].New || again[i].Grant.Serial != first[i].Grant.Serial || again[i].Grant.Recipient != batch[i].Grant.Recipient {
			t.Errorf("retry outcome %d = %+v, want the first grant %+v", i, again[i], first[i].Grant)
		}
	}
	expectIssued(t, l, id+"/free", people)
	expectIssued(t, l, id+"/capped", people)
	held, err := l.Holdings(ctx, "crowd-17")
	if err != nil || len(held) != 2 || !holds(held, id+"/capped", first[35].Grant.Serial) {
		t.Errorf("Holdings(crowd-17) = %+v, %v; want its two grants", held, err)
	}
}

// checkNewGrants checks that each outcome of a first batch is a new grant
// of its request's item to its recipient, issued at at, with a serial no
// other grant of the item has, within a capped item's cap.
func checkNewGrants(t *testing.T, batch []grants.Request, out []grants.Outcome, at time.Time) {
	t.Helper()
	serials := map[string]map[int64]bool{}
	for i, o := range out {
		q := batch[i].Grant
		if o.Err != nil || !o.New || o.Grant.Item != q.Item || o.Grant.Recipient != q.Recipient || o.Grant.Serial <= 0 || !o.Grant.IssuedAt.Equal(at) {
			t.Errorf("outcome %d = %+v, want a new grant of %s to %s", i, o, q.Item, q.Recipient)
		}
		if serials[q.Item] == nil {
			serials[q.Item] = map[int64]bool{}
		}
		if serials[q.Item][o.Grant.Serial] {
			t.Errorf("outcome %d: serial %d of %s issued twice", i, o.Grant.Serial, q.Item)
		}
		serials[q.Item][o.Grant.Serial] = true
		if c := batch[i].Cap; c > 0 && o.Grant.Serial > c {
			t.Errorf("outcome %d: serial %d of the capped item is above its cap %d", i, o.Grant.Serial, c)
		}
	}
}

// acrossRecipientsRest checks that a batch across recipients that asks for more units than are left gets exactly the rest.
func acrossRecipientsRest(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	const cap, people = 10, 15
	if _, err := l.Issue(ctx, grant(id, "early"), cap); err != nil {
		t.Fatal(err)
	}
	batch := []grants.Request{{Grant: grant(id, "early"), Cap: cap}}
	for p := range people {
		batch = append(batch, grants.Request{Grant: grant(id, fmt.Sprintf("late-%d", p)), Cap: cap})
	}
	out, err := l.IssueBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Err != nil || out[0].New || out[0].Grant.Recipient != "early" {
		t.Errorf("the early holder: %+v, want the grant it holds", out[0])
	}
	serials := map[int64]bool{out[0].Grant.Serial: true}
	var issued, soldOut int
	for i, o := range out[1:] {
		switch {
		case errors.Is(o.Err, grants.ErrSoldOut) && o.Grant.Serial == 0:
			soldOut++
		case o.Err == nil && o.New && o.Grant.Recipient == batch[i+1].Grant.Recipient && !serials[o.Grant.Serial]:
			issued++
			serials[o.Grant.Serial] = true
		default:
			t.Errorf("outcome %d = %+v, want a new grant with a serial of its own or ErrSoldOut", i+1, o)
		}
	}
	if issued != cap-1 || soldOut != people-(cap-1) {
		t.Errorf("%d issued and %d sold out, want %d and %d", issued, soldOut, cap-1, people-(cap-1))
	}
	for s := int64(1); s <= cap; s++ {
		if !serials[s] {
			t.Errorf("serial %d is held by no one: %v", s, serials)
		}
	}
	expectIssued(t, l, id, cap)
}

// acrossRecipientsRace checks that batches across recipients racing each other and single issues get exactly the cap.
func acrossRecipientsRace(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	const cap, people, racers = 20, 40, 10
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[string]int64{} // recipient -> serial every outcome must agree on
	)
	record := func(g grants.Grant) {
		mu.Lock()
		defer mu.Unlock()
		if s, ok := seen[g.Recipient]; ok && s != g.Serial {
			t.Errorf("%s got serial %d and serial %d", g.Recipient, s, g.Serial)
		}
		seen[g.Recipient] = g.Serial
	}
	took := func(r int, g grants.Grant, err error) {
		if err == nil {
			record(g)
		} else if !errors.Is(err, grants.ErrSoldOut) {
			t.Errorf("racer %d: %v", r, err)
		}
	}
	for r := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := rand.Perm(people)
			if r%3 == 0 { // every third racer issues one by one
				for _, p := range order[:5] {
					g, err := l.Issue(ctx, grant(id, fmt.Sprintf("rush-%d", p)), cap)
					took(r, g, err)
				}
				return
			}
			var batch []grants.Request
			for _, p := range order[:people/2] {
				batch = append(batch, grants.Request{Grant: grant(id, fmt.Sprintf("rush-%d", p)), Cap: cap})
			}
			out, err := l.IssueBatch(ctx, batch)
			if err != nil {
				t.Errorf("racer %d: %v", r, err)
				return
			}
			for _, o := range out {
				took(r, o.Grant, o.Err)
			}
		}()
	}
	wg.Wait()
	expectIssued(t, l, id, cap)
	checkRaceHoldings(t, s, l, people, cap, seen)
}

// checkRaceHoldings checks, after a race over a capped item, that the
// "rush-N" recipients' holdings agree with what the issues returned
// (seen), and hold each serial from 1 to cap once.
func checkRaceHoldings(t *testing.T, s *suite, l grants.Ledger, people int, cap int64, seen map[string]int64) {
	t.Helper()
	serials := map[int64]string{}
	for p := range people {
		who := fmt.Sprintf("rush-%d", p)
		held, err := l.Holdings(s.ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range held {
			if other, dup := serials[g.Serial]; dup {
				t.Errorf("serial %d held by %s and %s", g.Serial, other, who)
			}
			serials[g.Serial] = who
			if s, ok := seen[who]; !ok || s != g.Serial {
				t.Errorf("%s holds serial %d; the issues returned %d (known %v)", who, g.Serial, s, ok)
			}
		}
	}
	for s := int64(1); s <= cap; s++ {
		if _, ok := serials[s]; !ok {
			t.Errorf("serial %d of the capped item is held by no one", s)
		}
	}
}

// badBatch checks that a bad batch issues nothing.
func badBatch(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	for _, tt := range []struct {
		name  string
		batch []grants.Request
	}{
		{"one item to one recipient twice", []grants.Request{{Grant: grant(id+"/a", "jo")}, {Grant: grant(id+"/a", "jo")}}},
		{"one item with two caps", []grants.Request{{Grant: grant(id+"/a", "jo"), Cap: 5}, {Grant: grant(id+"/a", "kim"), Cap: 6}}},
		{"one item to one recipient twice among many", func() []grants.Request {
			var b []grants.Request
			for i := range grants.MaxBatch - 1 {
				b = append(b, grants.Request{Grant: grant(id+"/a", fmt.Sprintf("jo-%d", i))})
			}
			return append(b, grants.Request{Grant: grant(id+"/a", "jo-7")})
		}()},
		{"one item with two caps among many", func() []grants.Request {
			var b []grants.Request
			for i := range 40 {
				b = append(b, grants.Request{Grant: grant(id+"/a", fmt.Sprintf("jo-%d", i)), Cap: 100 + int64(i/39)})
			}
			return b
		}()},
		{"a recipient with a NUL byte", []grants.Request{{Grant: grant(id+"/a", "j\x00o")}}},
		{"a negative cap", []grants.Request{{Grant: grant(id+"/a", "jo")}, {Grant: grant(id+"/b", "jo"), Cap: -1}}},
		{"more than MaxBatch requests", func() []grants.Request {
			var b []grants.Request
			for i := range grants.MaxBatch + 1 {
				b = append(b, grants.Request{Grant: grant(fmt.Sprintf("%s/%d", id, i), "jo")})
			}
			return b
		}()},
	} {
		if _, err := l.IssueBatch(ctx, tt.batch); !errors.Is(err, grants.ErrInvalid) {
			t.Errorf("%s: error = %v, want ErrInvalid", tt.name, err)
		}
	}
	expectIssued(t, l, id+"/a", 0)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.IssueBatch(cancelled, []grants.Request{{Grant: grant(id+"/a", "jo")}}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled batch: error = %v, want context.Canceled", err)
	}
	expectIssued(t, l, id+"/a", 0)
	if out, err := l.IssueBatch(ctx, nil); err != nil || len(out) != 0 {
		t.Errorf("an empty batch: %v, %v; want nothing", out, err)
	}
}

// cancelled checks that a cancelled context issues nothing.
func cancelled(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.Issue(cancelled, grant(id, "dave"), 10); !errors.Is(err, context.Canceled) {
		t.Errorf("Issue with a cancelled context: error = %v, want context.Canceled", err)
	}
	expectIssued(t, l, id, 0)
	held, err := l.Holdings(ctx, "dave")
	if err != nil {
		t.Fatal(err)
	}
	if count(held, id) != 0 {
		t.Errorf("a cancelled issue left %+v", held)
	}
	if g, err := l.Issue(ctx, grant(id, "dave"), 1); err != nil || g.Serial != 1 {
		t.Errorf("the issue after a cancelled one: %+v, %v; want serial 1, the only unit", g, err)
	}
}

// badInput checks that bad input is refused.
func badInput(t *testing.T, s *suite) {
	newLedger, item, at, ctx, grant := s.newLedger, s.item, s.at, s.ctx, s.grant
	l, id := newLedger(t), item(t)
	for _, tt := range []struct {
		name string
		g    grants.Grant
		cap  int64
	}{
		{"an empty item", grant("", "erin"), 0},
		{"an empty recipient", grant(id, ""), 0},
		{"a negative cap", grant(id, "erin"), -1},
		{"a recipient with a NUL byte", grant(id, "er\x00in"), 0},
		{"a recipient with a newline", grant(id, "er\nin"), 0},
		{"a recipient that is not UTF-8", grant(id, "er\xffin"), 0},
		{"a recipient of 257 bytes", grant(id, strings.Repeat("e", grants.MaxIDBytes+1)), 0},
		{"a recipient of 3 KB", grant(id, strings.Repeat("e", 3000)), 0},
		{"an item ID of 257 bytes", grant(strings.Repeat("i", grants.MaxIDBytes+1), "erin"), 0},
		{"no issue time", grants.Grant{Item: id, Recipient: "erin"}, 0},
		{"an issue in the year 2200", grants.Grant{Item: id, Recipient: "erin", IssuedAt: time.Date(2200, 1, 1, 0, 0, 0, 0, at.Location())}, 0},
		{"an issue in the year 10000", grants.Grant{Item: id, Recipient: "erin", IssuedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, at.Location())}, 0},
		{"an expiry before the issue", grants.Grant{Item: id, Recipient: "erin", IssuedAt: at, Expires: at.Add(-time.Second)}, 0},
	} {
		if _, err := l.Issue(ctx, tt.g, tt.cap); !errors.Is(err, grants.ErrInvalid) {
			t.Errorf("%s: error = %v, want ErrInvalid", tt.name, err)
		}
	}
	expectIssued(t, l, id, 0)
	for _, who := range []string{"", "er\x00in", "er\xffin", strings.Repeat("e", 3000)} {
		if _, err := l.Holdings(ctx, who); !errors.Is(err, grants.ErrInvalid) {
			t.Errorf("Holdings(%.20q): error = %v, want ErrInvalid", who, err)
		}
		if _, err := l.Issued(ctx, who); !errors.Is(err, grants.ErrInvalid) {
			t.Errorf("Issued(%.20q): error = %v, want ErrInvalid", who, err)
		}
	}
}

// identityEdges checks that recipients at the edges of the identity domain are kept exactly.
func identityEdges(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	run := s.run
	l, id := newLedger(t), item(t)
	for _, who := range []string{
		strings.Repeat("r", grants.MaxIDBytes-len(run)) + run, // exactly 256 bytes
		"가게-" + run,         // multi-byte UTF-8
		"a b/c'd\"e%" + run, // spaces, quotes and SQL-looking text
	} {
		g, err := l.Issue(ctx, grant(id, who), 0)
		if err != nil {
			t.Fatalf("Issue to a %d-byte recipient: %v", len(who), err)
		}
		held, err := l.Holdings(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		if g.Recipient != who || !holds(held, id, g.Serial) {
			t.Errorf("recipient %q: issued to %q, holdings %+v", who, g.Recipient, held)
		}
	}
}

// holdings checks that holdings list every item a recipient holds, by item ID.
func holdings(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	run := s.run
	l, id := newLedger(t), item(t)
	for _, suffix := range []string{"/b", "/a", "/c"} {
		if _, err := l.Issue(ctx, grant(id+suffix, "frank"), 0); err != nil {
			t.Fatal(err)
		}
	}
	held, err := l.Holdings(ctx, "frank")
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, g := range held {
		if len(g.Item) > len(id) && g.Item[:len(id)] == id {
			items = append(items, g.Item[len(id):])
		}
	}
	if fmt.Sprint(items) != "[/a /b /c]" {
		t.Errorf("Holdings(frank) items = %v, want [/a /b /c]", items)
	}
	if none, err := l.Holdings(ctx, "nobody-"+run); err != nil || len(none) != 0 {
		t.Errorf("Holdings of a stranger = %v, %v; want none", none, err)
	}
}

// capOfFirstIssue checks that an item keeps the cap of its first issue.
func capOfFirstIssue(t *testing.T, s *suite) {
	newLedger, item, ctx, grant := s.newLedger, s.item, s.ctx, s.grant
	l, id, free := newLedger(t), item(t)+"/capped", item(t)+"/free"
	if _, err := l.Issue(ctx, grant(id, "gina"), 2); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Issue(ctx, grant(free, "gina"), 0); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		item string
		cap  int64
	}{{id, 3}, {id, 0}, {free, 5}} {
		if g, err := l.Issue(ctx, grant(tt.item, "hugo"), tt.cap); !errors.Is(err, grants.ErrCapChanged) {
			t.Errorf("Issue(%s) with cap %d = %+v, %v; want ErrCapChanged", tt.item, tt.cap, g, err)
		}
		batch := []grants.Request{{Grant: grant(free+"/other", "hugo")}, {Grant: grant(tt.item, "hugo"), Cap: tt.cap}}
		if out, err := l.IssueBatch(ctx, batch); !errors.Is(err, grants.ErrCapChanged) {
			t.Errorf("IssueBatch with %s at cap %d = %+v, %v; want ErrCapChanged", tt.item, tt.cap, out, err)
		}
	}
	expectIssued(t, l, id, 1)
	expectIssued(t, l, free, 1)
	expectIssued(t, l, free+"/other", 0)
}

func expectIssued(t *testing.T, l grants.Ledger, item string, want int64) {
	t.Helper()
	n, err := l.Issued(context.Background(), item)
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("Issued(%s) = %d, want %d", item, n, want)
	}
}

func count(held []grants.Grant, item string) int {
	n := 0
	for _, g := range held {
		if g.Item == item {
			n++
		}
	}
	return n
}

func holds(held []grants.Grant, item string, serial int64) bool {
	for _, g := range held {
		if g.Item == item && g.Serial == serial {
			return true
		}
	}
	return false
}
