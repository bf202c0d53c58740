package grants

import (
	"context"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Ledger records issued grants. Implementations must make Issue atomic,
// idempotent and capped under any concurrency, across every process that
// shares the ledger; grants/ledgertest checks that they do.
type Ledger interface {
	// Issue records g, unless a grant of g.Item to g.Recipient exists
	// already, in which case it returns that grant unchanged (a retry is
	// not a second issue). A new grant gets the next Serial of its item,
	// from 1. With cap > 0, no more than cap grants of the item are ever
	// issued: once they are, Issue returns an error wrapping [ErrSoldOut]
	// for any new recipient (existing holders still get their grant).
	// Pass the item's own cap every time.
	//
	// Issue returns an error wrapping [ErrInvalid] for an item or a
	// recipient outside the identity domain ([CheckIdentity]), an issue
	// time outside the instant domain ([CheckInstant]), an expiry that is
	// neither zero nor after the issue time, or a negative cap; and the
	// context's error, having issued nothing, if ctx is done.
	Issue(ctx context.Context, g Grant, cap int64) (Grant, error)
	// Issued returns how many grants of the item have been issued. It
	// returns an error wrapping [ErrInvalid] for an item ID outside the
	// identity domain ([CheckIdentity]).
	Issued(ctx context.Context, item string) (int64, error)
	// Holdings returns the grants a recipient holds, ordered by item ID.
	// It returns an error wrapping [ErrInvalid] for a recipient outside
	// the identity domain ([CheckIdentity]).
	Holdings(ctx context.Context, recipient string) ([]Grant, error)
}

// CheckIssue validates the arguments of [Ledger.Issue] as every Ledger
// must: the context's error if ctx is done, or an error wrapping
// [ErrInvalid] as Issue documents. Implementations call it first, so
// that every Ledger has the same domain.
func CheckIssue(ctx context.Context, g Grant, cap int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckIdentity("item", g.Item); err != nil {
		return err
	}
	if err := CheckIdentity("recipient", g.Recipient); err != nil {
		return err
	}
	if err := CheckInstant("issue time", g.IssuedAt); err != nil {
		return err
	}
	if !g.Expires.IsZero() && !g.Expires.After(g.IssuedAt) {
		return fmt.Errorf("%w: grant of %s expires %s, not after its issue %s", ErrInvalid, g.Item,
			g.Expires.In(kst).Format(time.RFC3339), g.IssuedAt.In(kst).Format(time.RFC3339))
	}
	if cap < 0 {
		return fmt.Errorf("%w: issue %s with cap %d", ErrInvalid, g.Item, cap)
	}
	return nil
}

// shards is the number of independently locked parts of a MemoryLedger.
const shards = 64

// MemoryLedger is an in-process [Ledger]: grants live in memory and are
// lost with the process. It is safe for concurrent use by multiple
// goroutines. Recipients are spread over independently locked shards and
// each item's count is an atomic counter, so issues to different
// recipients rarely wait on each other.
type MemoryLedger struct {
	seed   maphash.Seed
	shards [shards]memoryShard
	counts sync.Map // item ID -> *atomic.Int64
}

type memoryShard struct {
	mu      sync.Mutex
	holding map[string][]Grant // recipient -> grants, few per recipient
	_       [40]byte           // keep shards on separate cache lines
}

// NewMemoryLedger returns an empty in-memory ledger.
func NewMemoryLedger() *MemoryLedger {
	l := &MemoryLedger{seed: maphash.MakeSeed()}
	for i := range l.shards {
		l.shards[i].holding = map[string][]Grant{}
	}
	return l
}

func (l *MemoryLedger) shard(recipient string) *memoryShard {
	return &l.shards[maphash.String(l.seed, recipient)%shards]
}

func (l *MemoryLedger) counter(item string) *atomic.Int64 {
	if c, ok := l.counts.Load(item); ok {
		return c.(*atomic.Int64)
	}
	c, _ := l.counts.LoadOrStore(item, new(atomic.Int64))
	return c.(*atomic.Int64)
}

// Issue implements [Ledger.Issue].
func (l *MemoryLedger) Issue(ctx context.Context, g Grant, cap int64) (Grant, error) {
	if err := CheckIssue(ctx, g, cap); err != nil {
		return Grant{}, err
	}
	s := l.shard(g.Recipient)
	s.mu.Lock()
	defer s.mu.Unlock()
	held := s.holding[g.Recipient]
	for _, h := range held {
		if h.Item == g.Item {
			return h, nil
		}
	}
	// Reserve a unit: the shard lock keeps this recipient from racing
	// itself; the compare-and-swap keeps all recipients within the cap.
	c := l.counter(g.Item)
	for {
		n := c.Load()
		if cap > 0 && n >= cap {
			return Grant{}, fmt.Errorf("issue %s to %q: %w: all %d issued", g.Item, g.Recipient, ErrSoldOut, cap)
		}
		if c.CompareAndSwap(n, n+1) {
			g.Serial = n + 1
			break
		}
	}
	if held == nil {
		held = make([]Grant, 0, 8) // room for a whole catalogue in one allocation
	}
	s.holding[g.Recipient] = append(held, g)
	return g, nil
}

// Issued implements [Ledger.Issued].
func (l *MemoryLedger) Issued(ctx context.Context, item string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := CheckIdentity("item", item); err != nil {
		return 0, err
	}
	if c, ok := l.counts.Load(item); ok {
		return c.(*atomic.Int64).Load(), nil
	}
	return 0, nil
}

// Holdings implements [Ledger.Holdings].
func (l *MemoryLedger) Holdings(ctx context.Context, recipient string) ([]Grant, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckIdentity("recipient", recipient); err != nil {
		return nil, err
	}
	s := l.shard(recipient)
	s.mu.Lock()
	out := slices.Clone(s.holding[recipient])
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b Grant) int { return strings.Compare(a.Item, b.Item) })
	return out, nil
}
