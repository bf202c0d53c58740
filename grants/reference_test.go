package grants_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/grants/ledgertest"
)

// mapLedger is the plain reference the MemoryLedger is held to: one lock,
// one map of grants by item and recipient, one count an item, serials 1,
// 2, 3, ... in the order of issue. It has none of the MemoryLedger's
// machinery (shards, an open-addressing table, a byte arena, atomic
// counts), so where the two agree the machinery changes nothing.
type mapLedger struct {
	mu     sync.Mutex
	grants map[[2]string]grants.Grant // by item, recipient
	caps   map[string]int64
	counts map[string]int64
}

func newMapLedger() *mapLedger {
	return &mapLedger{grants: map[[2]string]grants.Grant{}, caps: map[string]int64{}, counts: map[string]int64{}}
}

// issue issues one request under the lock, the cap already checked.
func (l *mapLedger) issue(q grants.Request) grants.Outcome {
	g := q.Grant
	if held, ok := l.grants[[2]string{g.Item, g.Recipient}]; ok {
		return grants.Outcome{Grant: held}
	}
	if q.Cap > 0 && l.counts[g.Item] >= q.Cap {
		return grants.Outcome{Err: fmt.Errorf("issue %s: %w", g.Item, grants.ErrSoldOut)}
	}
	l.counts[g.Item]++
	g.Serial = l.counts[g.Item]
	l.grants[[2]string{g.Item, g.Recipient}] = g
	return grants.Outcome{Grant: g, New: true}
}

// checkCaps refuses a batch that asks an item with another cap than the
// one its first issue fixed, and fixes the caps of items new to it.
func (l *mapLedger) checkCaps(batch []grants.Request) error {
	for _, q := range batch {
		if held, ok := l.caps[q.Grant.Item]; ok && held != q.Cap {
			return fmt.Errorf("item %s: %w", q.Grant.Item, grants.ErrCapChanged)
		}
	}
	for _, q := range batch {
		if _, ok := l.caps[q.Grant.Item]; !ok {
			l.caps[q.Grant.Item] = q.Cap
		}
	}
	return nil
}

func (l *mapLedger) Issue(ctx context.Context, g grants.Grant, cap int64) (grants.Grant, error) {
	if err := grants.CheckIssue(ctx, g, cap); err != nil {
		return grants.Grant{}, err
	}
	out, err := l.IssueBatch(ctx, []grants.Request{{Grant: g, Cap: cap}})
	if err != nil {
		return grants.Grant{}, err
	}
	return out[0].Grant, out[0].Err
}

func (l *mapLedger) IssueBatch(ctx context.Context, batch []grants.Request) ([]grants.Outcome, error) {
	if err := grants.CheckBatch(ctx, batch); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.checkCaps(batch); err != nil {
		return nil, err
	}
	out := make([]grants.Outcome, len(batch))
	for i, q := range batch {
		out[i] = l.issue(q)
	}
	return out, nil
}

func (l *mapLedger) Issued(ctx context.Context, item string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := grants.CheckIdentity("item", item); err != nil {
		return 0, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[item], nil
}

func (l *mapLedger) Holdings(ctx context.Context, recipient string) ([]grants.Grant, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := grants.CheckIdentity("recipient", recipient); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []grants.Grant
	for k, g := range l.grants {
		if k[1] == recipient {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b grants.Grant) int { return cmp.Compare(a.Item, b.Item) })
	return out, nil
}

// The reference is a Ledger: it passes the conformance suite too.
func TestTheReferenceLedgerConforms(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) grants.Ledger { return newMapLedger() })
}

// outcomeOf is what a test compares of an outcome: the grant, whether it
// is new, and whether it was refused as sold out.
type outcomeOf struct {
	Grant   grants.Grant
	New     bool
	SoldOut bool
	Err     bool
}

func compared(o grants.Outcome) outcomeOf {
	return outcomeOf{o.Grant, o.New, errors.Is(o.Err, grants.ErrSoldOut), o.Err != nil}
}

// FuzzMemoryLedgerAgreesWithTheReference: for any sequence of issues and
// batches over a few recipients and items (capped at 1, 2 or 3, or not
// at all), the MemoryLedger gives every request the outcome the map
// ledger gives, the same serials included, and the same counts and
// holdings at the end. Each byte is a request: its recipient, its item,
// and whether it ends a batch.
func FuzzMemoryLedgerAgreesWithTheReference(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 0x80, 0x81})
	f.Add([]byte("every recipient asks for every item, some twice"))
	caps := [4]int64{0, 1, 2, 3}
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	f.Fuzz(func(t *testing.T, ops []byte) {
		ctx := context.Background()
		mem, ref := grants.NewMemoryLedger(), newMapLedger()
		var batch []grants.Request
		for i, op := range ops {
			item := int(op>>3) & 3
			batch = append(batch, grants.Request{Cap: caps[item], Grant: grants.Grant{
				Item: fmt.Sprintf("item-%d", item), Recipient: fmt.Sprintf("user-%d", op&7),
				IssuedAt: at.Add(time.Duration(i) * time.Second),
			}})
			if op&0x80 == 0 && len(batch) < 8 && i < len(ops)-1 {
				continue
			}
			want, wantErr := ref.IssueBatch(ctx, batch)
			got, gotErr := mem.IssueBatch(ctx, batch)
			if (wantErr != nil) != (gotErr != nil) {
				t.Fatalf("batch %v: error %v, want %v", batch, gotErr, wantErr)
			}
			for k := range want {
				if diff := gocmp.Diff(compared(want[k]), compared(got[k])); diff != "" {
					t.Fatalf("batch %v, request %d (-reference +memory):\n%s", batch, k, diff)
				}
			}
			batch = batch[:0]
		}
		for item := range caps {
			id := fmt.Sprintf("item-%d", item)
			want, _ := ref.Issued(ctx, id)
			if got, err := mem.Issued(ctx, id); got != want || err != nil {
				t.Errorf("Issued(%s) = %d, %v; want %d", id, got, err, want)
			}
		}
		for r := range 8 {
			id := fmt.Sprintf("user-%d", r)
			want, _ := ref.Holdings(ctx, id)
			got, err := mem.Holdings(ctx, id)
			if diff := gocmp.Diff(want, got); diff != "" || err != nil {
				t.Errorf("Holdings(%s): %v (-reference +memory):\n%s", id, err, diff)
			}
		}
	})
}
