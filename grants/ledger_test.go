package grants_test

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/grants/ledgertest"
)

func TestMemoryLedgerConforms(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) grants.Ledger { return grants.NewMemoryLedger() })
}

// TestMemoryLedgerHeapPerGrant holds the memory ledger to at most 150
// bytes of heap a grant, beyond the recipients' names, over 200,000
// distinct recipients of one item.
func TestMemoryLedgerHeapPerGrant(t *testing.T) {
	const n = 200_000
	names := make([]string, n)
	for i := range names {
		names[i] = "user-" + strconv.Itoa(i)
	}
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	l := grants.NewMemoryLedger()
	for _, who := range names {
		if _, err := l.Issue(context.Background(), grants.Grant{Item: grants.DrawerPlus, Recipient: who, IssuedAt: at, Expires: at.AddDate(0, 1, 0)}, 0); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perGrant := float64(after.HeapAlloc-before.HeapAlloc) / n
	if perGrant > 150 {
		t.Errorf("%.0f bytes of heap a grant, want at most 150", perGrant)
	}
	t.Logf("%.0f bytes of heap a grant", perGrant)
	runtime.KeepAlive(l)
	runtime.KeepAlive(names)
}
