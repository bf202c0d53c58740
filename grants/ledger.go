package grants

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Ledger records issued grants. Implementations must make Issue and
// IssueBatch atomic per item, idempotent and capped under any concurrency,
// across every process that shares the ledger; grants/ledgertest checks
// that they do.
//
// Serials: a grant's Serial is positive and unique among its item's
// grants. A capped item's serials are within 1..cap, and once the item is
// sold out every one of them is held; a ledger may hand them out of the
// order of issue (so that concurrent issues of one item need not wait on
// one counter). An uncapped item's serials may have gaps (a ledger may
// take them from a sequence shared by all its items). Count grants with
// Issued, not by serial. [MemoryLedger] gives 1, 2, 3, ... in order.
type Ledger interface {
	// Issue records g, unless a grant of g.Item to g.Recipient exists
	// already, in which case it returns that grant unchanged (a retry is
	// not a second issue). With cap > 0, no more than cap grants of the
	// item are ever issued: once they are, Issue returns an error
	// wrapping [ErrSoldOut] for any new recipient (existing holders still
	// get their grant). The cap is the item's: the first issue of an item
	// the ledger sees fixes it (0 for no cap), and an issue with another
	// cap is refused with [ErrCapChanged], having issued nothing.
	//
	// Issue returns an error wrapping [ErrInvalid] for arguments outside
	// the domain [CheckIssue] defines, and the context's error, having
	// issued nothing, if ctx is done.
	Issue(ctx context.Context, g Grant, cap int64) (Grant, error)
	// IssueBatch issues several grants in one step (for a database, one
	// round trip and one transaction): the items of one recipient's
	// entitlement, or one item to many recipients, or both, each with the
	// guarantees of Issue. The outcome at index i is request i's: either
	// its grant (new, or already held) or an error wrapping [ErrSoldOut].
	// A grant is issued or not as a whole; one sold-out request does not
	// stop the others. Where a batch asks a capped item for more units
	// than are left, which of its recipients get them is the ledger's
	// choice.
	//
	// IssueBatch returns an error, having issued nothing, wrapping
	// [ErrInvalid] for a batch outside the domain [CheckBatch] defines,
	// [ErrCapChanged] for an item asked with another cap than the one
	// the ledger holds, the context's error if ctx is done, or the
	// ledger's own failure.
	IssueBatch(ctx context.Context, batch []Request) ([]Outcome, error)
	// Issued returns how many grants of the item have been issued. It
	// returns an error wrapping [ErrInvalid] for an item ID outside the
	// identity domain ([CheckIdentity]).
	Issued(ctx context.Context, item string) (int64, error)
	// Holdings returns the grants a recipient holds, ordered by item ID.
	// It returns an error wrapping [ErrInvalid] for a recipient outside
	// the identity domain ([CheckIdentity]).
	Holdings(ctx context.Context, recipient string) ([]Grant, error)
}

// Request is one item of a batch: the grant to issue and its item's cap.
type Request struct {
	Grant Grant
	Cap   int64
}

// Outcome is what a batch did with one request: the grant issued or
// already held, or Err (wrapping [ErrSoldOut], or a [*WindowError] from
// [ClaimAll]) with the zero Grant.
type Outcome struct {
	Grant Grant
	// New says this call issued the grant; false for one the recipient
	// held already (a retry).
	New bool
	Err error
}

// maxExpiry bounds how long after its issue a grant may expire: two
// centuries, twice the longest validity, and within what an int64 of
// nanoseconds holds.
const maxExpiry = 200 * 366 * 24 * time.Hour

// CheckIssue validates the arguments of [Ledger.Issue] as every Ledger
// must: the context's error if ctx is done, or an error wrapping
// [ErrInvalid] for an item or a recipient outside the identity domain
// ([CheckIdentity]), an issue time outside the instant domain
// ([CheckInstant]), an expiry that is neither zero nor after the issue
// time and within two centuries of it, or a negative cap.
// Implementations call it first, so that every Ledger has the same
// domain.
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
	if !g.Expires.IsZero() && (!g.Expires.After(g.IssuedAt) || g.Expires.Sub(g.IssuedAt) > maxExpiry) {
		return fmt.Errorf("%w: grant of %s expires %s, not after its issue %s or more than two centuries after it", ErrInvalid, g.Item,
			g.Expires.In(kst).Format(time.RFC3339), g.IssuedAt.In(kst).Format(time.RFC3339))
	}
	if cap < 0 {
		return fmt.Errorf("%w: issue %s with cap %d", ErrInvalid, g.Item, cap)
	}
	return nil
}

// MaxBatch bounds the requests of one batch: the whole entitlements of
// 170 claimants at six items each, or one item to 1,024 recipients.
const MaxBatch = 1024

// CheckBatch validates the arguments of [Ledger.IssueBatch] as every
// Ledger must: each request as [CheckIssue] does, no item to one
// recipient twice, one cap for each item, and at most [MaxBatch] requests.
// An empty batch is valid and issues nothing.
func CheckBatch(ctx context.Context, batch []Request) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(batch) > MaxBatch {
		return fmt.Errorf("%w: a batch of %d requests, at most %d", ErrInvalid, len(batch), MaxBatch)
	}
	for i, r := range batch {
		if err := CheckIssue(ctx, r.Grant, r.Cap); err != nil {
			return fmt.Errorf("request %d: %w", i, err)
		}
	}
	if len(batch) <= 16 {
		// An entitlement: compare each pair rather than build maps.
		for i, r := range batch {
			for _, q := range batch[:i] {
				if err := conflict(i, q, r); err != nil {
					return err
				}
			}
		}
		return nil
	}
	type pair struct{ item, recipient string }
	seen := make(map[pair]struct{}, len(batch))
	first := make(map[string]Request)
	for i, r := range batch {
		k := pair{r.Grant.Item, r.Grant.Recipient}
		if _, dup := seen[k]; dup {
			return conflict(i, r, r)
		}
		seen[k] = struct{}{}
		if q, ok := first[r.Grant.Item]; ok {
			if err := conflict(i, q, r); err != nil {
				return err
			}
		} else {
			first[r.Grant.Item] = r
		}
	}
	return nil
}

// conflict says why request i, r, cannot share a batch with an earlier
// request q: the same item to the same recipient, or the same item with
// another cap.
func conflict(i int, q, r Request) error {
	if q.Grant.Item != r.Grant.Item {
		return nil
	}
	if q.Grant.Recipient == r.Grant.Recipient {
		return fmt.Errorf("%w: request %d: item %s to %q twice in one batch", ErrInvalid, i, r.Grant.Item, r.Grant.Recipient)
	}
	if q.Cap != r.Cap {
		return fmt.Errorf("%w: request %d: item %s with cap %d and cap %d in one batch", ErrInvalid, i, r.Grant.Item, q.Cap, r.Cap)
	}
	return nil
}

// ClaimAll claims several items for one recipient at the instant at, as
// [Item.Claim] does for one, issuing those whose window is open in one
// [Ledger.IssueBatch]. The outcome at index i is item i's: its grant, a
// [*WindowError] for an item whose window is not open at at, or an error
// wrapping [ErrSoldOut]. It returns an error, having issued nothing, for
// a recipient or an instant outside their domain ([ErrInvalid]) and for
// the errors of IssueBatch.
func ClaimAll(ctx context.Context, ledger Ledger, items []Item, recipient string, at time.Time) ([]Outcome, error) {
	if err := CheckIdentity("recipient", recipient); err != nil {
		return nil, err
	}
	if err := CheckInstant("claim time", at); err != nil {
		return nil, err
	}
	out := make([]Outcome, len(items))
	batch := make([]Request, 0, len(items))
	open := make([]int, 0, len(items))
	for i, it := range items {
		r, err := it.Request(recipient, at) // a window error: the rest were checked
		if err != nil {
			out[i].Err = err
			continue
		}
		batch = append(batch, r)
		open = append(open, i)
	}
	if len(batch) == 0 {
		return out, nil
	}
	issued, err := ledger.IssueBatch(ctx, batch)
	if err != nil {
		return nil, err
	}
	for j, i := range open {
		out[i] = issued[j]
	}
	return out, nil
}

// shards is the number of independently locked parts of a MemoryLedger.
const shards = 64

// MemoryLedger is an in-process [Ledger]: grants live in memory and are
// lost with the process. It is safe for concurrent use by multiple
// goroutines. The zero MemoryLedger is an empty ledger, ready to use;
// [NewMemoryLedger] returns one too. A MemoryLedger must not be copied
// once used. Grants are spread over independently locked shards by
// recipient, and each item's count is an atomic counter, so issues to
// different recipients rarely wait on each other. Its serials are dense:
// 1, 2, 3, ... per item, capped or not.
//
// A grant takes about a hundred bytes or less, and no pointer the garbage
// collector must follow: each shard keeps its grants in an open-addressing
// table of fixed-size records, with the recipients' names copied into one
// byte arena. Holdings looks the recipient up under every item the ledger
// has issued, so it costs in proportion to the items.
type MemoryLedger struct {
	once   sync.Once // sets seed and byIndex, for the zero MemoryLedger
	seed   maphash.Seed
	shards [shards]memoryShard

	items   sync.Map // item ID -> *memoryItem
	itemsMu sync.Mutex
	byIndex atomic.Pointer[[]*memoryItem] // by memoryItem.index; appended under itemsMu
}

// memoryItem is an item a MemoryLedger has seen: its ID, interned, its
// index, its cap (fixed by its first issue) and how many grants of it
// are issued.
type memoryItem struct {
	id     string
	index  uint32
	cap    int64
	issued atomic.Int64
}

// memoryShard is one lock's worth of grants: a table of slots, linearly
// probed, pointing into records, whose recipients are in arena.
type memoryShard struct {
	mu    sync.Mutex
	slots []memorySlot // len is a power of two, or 0
	recs  []memoryRecord
	arena []byte
	_     [16]byte // keep shards on separate cache lines
}

// memorySlot is a table entry: rec is the record's index plus one (0 is
// an empty slot), tag the upper half of its key's hash.
type memorySlot struct{ tag, rec uint32 }

// memoryRecord is a grant as a MemoryLedger keeps it.
type memoryRecord struct {
	serial   int64
	issued   int64 // Unix nanoseconds
	validFor int64 // nanoseconds from issue to expiry; 0 for a grant that never expires
	off      uint32
	item     uint32
	n        uint16 // the recipient is arena[off : off+n]
}

// NewMemoryLedger returns an empty in-memory ledger.
func NewMemoryLedger() *MemoryLedger { return new(MemoryLedger) }

// init prepares a ledger on its first use.
func (l *MemoryLedger) init() {
	l.once.Do(func() {
		l.seed = maphash.MakeSeed()
		l.byIndex.Store(new([]*memoryItem))
	})
}

// key hashes a recipient and an item: the shard comes from the
// recipient's hash alone, so a recipient's grants share a lock.
func (l *MemoryLedger) key(recipient string, item uint32) (shard *memoryShard, h uint64) {
	r := maphash.String(l.seed, recipient)
	return &l.shards[r%shards], mixItem(r, item)
}

func mixItem(r uint64, item uint32) uint64 {
	h := (r ^ uint64(item)*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9
	return h ^ h>>31
}

// item returns the item of the ID, registering it with cap the first
// time; an error wrapping ErrCapChanged where it holds another cap.
func (l *MemoryLedger) item(id string, cap int64) (*memoryItem, error) {
	if it, ok := l.items.Load(id); ok {
		return it.(*memoryItem).withCap(cap)
	}
	l.itemsMu.Lock()
	defer l.itemsMu.Unlock()
	if it, ok := l.items.Load(id); ok {
		return it.(*memoryItem).withCap(cap)
	}
	list := *l.byIndex.Load()
	it := &memoryItem{id: strings.Clone(id), index: uint32(len(list)), cap: cap}
	list = append(list[:len(list):len(list)], it) // never write a slice readers hold
	l.byIndex.Store(&list)
	l.items.Store(it.id, it)
	return it, nil
}

// withCap returns it, or an error wrapping ErrCapChanged unless its cap
// is cap.
func (it *memoryItem) withCap(cap int64) (*memoryItem, error) {
	if it.cap != cap {
		return nil, capChanged(it.id, it.cap, cap)
	}
	return it, nil
}

// capChanged is the error of an issue of item with cap asked where the
// ledger holds held.
func capChanged(item string, held, asked int64) error {
	return fmt.Errorf("%w: %s has cap %d in this ledger, asked with %d", ErrCapChanged, clip(item), held, asked)
}

// take reserves the item's next unit within cap (0: no cap); the
// compare-and-swap keeps all recipients within the cap.
func (it *memoryItem) take(cap int64) (int64, bool) {
	for {
		n := it.issued.Load()
		if cap > 0 && n >= cap {
			return 0, false
		}
		if it.issued.CompareAndSwap(n, n+1) {
			return n + 1, true
		}
	}
}

// find returns the record of (item, recipient) whose key hashes to h, or
// nil and the empty slot where it would go.
func (s *memoryShard) find(h uint64, item uint32, recipient string) (*memoryRecord, int) {
	if len(s.slots) == 0 {
		return nil, -1
	}
	mask := uint64(len(s.slots) - 1)
	tag := uint32(h >> 32)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := s.slots[i]
		if sl.rec == 0 {
			return nil, int(i)
		}
		if sl.tag == tag {
			r := &s.recs[sl.rec-1]
			if r.item == item && string(s.arena[r.off:r.off+uint32(r.n)]) == recipient {
				return r, int(i)
			}
		}
	}
}

// insert adds a record for (item, recipient) with hash h; the table
// grows first when it would pass seven-eighths full.
func (s *memoryShard) insert(l *MemoryLedger, h uint64, item uint32, recipient string, rec memoryRecord) {
	if (len(s.recs)+1)*8 > len(s.slots)*7 {
		s.grow(l)
	}
	_, i := s.find(h, item, recipient)
	rec.off, rec.n, rec.item = uint32(len(s.arena)), uint16(len(recipient)), item
	s.arena = append(s.arena, recipient...)
	s.recs = append(s.recs, rec)
	s.slots[i] = memorySlot{tag: uint32(h >> 32), rec: uint32(len(s.recs))}
}

// grow doubles the table and places every record again.
func (s *memoryShard) grow(l *MemoryLedger) {
	s.slots = make([]memorySlot, max(16, 2*len(s.slots)))
	mask := uint64(len(s.slots) - 1)
	for j := range s.recs {
		r := &s.recs[j]
		h := mixItem(maphash.Bytes(l.seed, s.arena[r.off:r.off+uint32(r.n)]), r.item)
		i := h & mask
		for s.slots[i].rec != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = memorySlot{tag: uint32(h >> 32), rec: uint32(j + 1)}
	}
}

func (r *memoryRecord) grant(item, recipient string) Grant {
	g := Grant{Item: item, Recipient: recipient, Serial: r.serial, IssuedAt: time.Unix(0, r.issued).In(kst)}
	if r.validFor != 0 {
		g.Expires = time.Unix(0, r.issued+r.validFor).In(kst)
	}
	return g
}

// issueLocked issues g under s's lock: the grant held, or a new one.
func (l *MemoryLedger) issueLocked(s *memoryShard, h uint64, it *memoryItem, g Grant, cap int64) Outcome {
	if r, _ := s.find(h, it.index, g.Recipient); r != nil {
		return Outcome{Grant: r.grant(it.id, g.Recipient)}
	}
	serial, ok := it.take(cap)
	if !ok {
		return Outcome{Err: fmt.Errorf("issue %s to %q: %w: all %d issued", g.Item, g.Recipient, ErrSoldOut, cap)}
	}
	r := memoryRecord{serial: serial, issued: g.IssuedAt.UnixNano()}
	if !g.Expires.IsZero() {
		r.validFor = g.Expires.Sub(g.IssuedAt).Nanoseconds()
	}
	s.insert(l, h, it.index, g.Recipient, r)
	return Outcome{Grant: r.grant(it.id, g.Recipient), New: true}
}

// Issue implements [Ledger.Issue].
func (l *MemoryLedger) Issue(ctx context.Context, g Grant, cap int64) (Grant, error) {
	if err := CheckIssue(ctx, g, cap); err != nil {
		return Grant{}, err
	}
	l.init()
	it, err := l.item(g.Item, cap)
	if err != nil {
		return Grant{}, err
	}
	s, h := l.key(g.Recipient, it.index)
	s.mu.Lock()
	defer s.mu.Unlock()
	o := l.issueLocked(s, h, it, g, cap)
	return o.Grant, o.Err
}

// IssueBatch implements [Ledger.IssueBatch], taking each shard's lock
// once for a run of requests to recipients in it (once in all for one
// recipient's entitlement).
func (l *MemoryLedger) IssueBatch(ctx context.Context, batch []Request) ([]Outcome, error) {
	if err := CheckBatch(ctx, batch); err != nil {
		return nil, err
	}
	l.init()
	var buf [16]*memoryItem // an entitlement's items, without allocating
	items := buf[:0]        // every cap is checked before any issue
	for _, q := range batch {
		it, err := l.item(q.Grant.Item, q.Cap)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	out := make([]Outcome, len(batch))
	var (
		locked    *memoryShard
		recipient string
		r         uint64 // recipient's hash
	)
	for i, q := range batch {
		it := items[i]
		if i == 0 || q.Grant.Recipient != recipient {
			recipient, r = q.Grant.Recipient, maphash.String(l.seed, q.Grant.Recipient)
		}
		s, h := &l.shards[r%shards], mixItem(r, it.index)
		if s != locked {
			if locked != nil {
				locked.mu.Unlock()
			}
			s.mu.Lock()
			locked = s
		}
		out[i] = l.issueLocked(s, h, it, q.Grant, q.Cap)
	}
	if locked != nil {
		locked.mu.Unlock()
	}
	return out, nil
}

// Issued implements [Ledger.Issued].
func (l *MemoryLedger) Issued(ctx context.Context, item string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := CheckIdentity("item", item); err != nil {
		return 0, err
	}
	l.init()
	if it, ok := l.items.Load(item); ok {
		return it.(*memoryItem).issued.Load(), nil
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
	l.init()
	items := *l.byIndex.Load()
	r := maphash.String(l.seed, recipient)
	s := &l.shards[r%shards]
	var out []Grant
	s.mu.Lock()
	for _, it := range items {
		if rec, _ := s.find(mixItem(r, it.index), it.index, recipient); rec != nil {
			out = append(out, rec.grant(it.id, recipient))
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b Grant) int { return cmp.Compare(a.Item, b.Item) })
	return out, nil
}
