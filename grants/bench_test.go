package grants

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

var sinkTime time.Time

// BenchmarkExpiry computes a one-month expiry; it must not allocate.
func BenchmarkExpiry(b *testing.B) {
	v := mustValidity(Months(1))
	issued := time.Date(2024, 1, 31, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		sinkTime, _ = v.Expiry(issued)
	}
}

// recipients returns n distinct recipient names, made before the clock
// starts.
func recipients(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = "user-" + strconv.Itoa(i)
	}
	return names
}

// BenchmarkMemoryLedgerFresh issues one capped item (the Drawer pass) in
// parallel to distinct recipients, each issue a new grant (target: at
// least 1,000,000 issues a second on 2 cores, and at most 150 bytes of
// heap a grant, beyond the recipients' own names).
func BenchmarkMemoryLedgerFresh(b *testing.B) {
	names := recipients(b.N)
	l := NewMemoryLedger()
	ctx := context.Background()
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, kst)
	exp := at.AddDate(0, 1, 0)
	var next atomic.Int64
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g := Grant{Item: DrawerPlus, Recipient: names[next.Add(1)-1], IssuedAt: at, Expires: exp}
			if _, err := l.Issue(ctx, g, 3_000_000_000); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "issues/s")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(b.N), "heap-B/grant")
	runtime.KeepAlive(l)
	runtime.KeepAlive(names)
}

// BenchmarkMemoryLedgerRetry retries issues already made, in parallel:
// the idempotent path, which returns the grant held.
func BenchmarkMemoryLedgerRetry(b *testing.B) {
	names := recipients(1 << 16)
	l := NewMemoryLedger()
	ctx := context.Background()
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, kst)
	for _, n := range names {
		if _, err := l.Issue(ctx, Grant{Item: DrawerPlus, Recipient: n, IssuedAt: at}, 0); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g := Grant{Item: DrawerPlus, Recipient: names[next.Add(1)&(1<<16-1)], IssuedAt: at}
			if _, err := l.Issue(ctx, g, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "retries/s")
}

// BenchmarkMemoryLedgerBatch issues the six items of the heart package to
// distinct recipients in one batch each, in parallel.
func BenchmarkMemoryLedgerBatch(b *testing.B) {
	names := recipients(b.N)
	l := NewMemoryLedger()
	ctx := context.Background()
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, kst)
	heart := HeartPackage()
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		batch := make([]Request, len(heart))
		for pb.Next() {
			who := names[next.Add(1)-1]
			for i, id := range heart {
				batch[i] = Request{Grant: Grant{Item: id, Recipient: who, IssuedAt: at}}
			}
			if _, err := l.IssueBatch(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N*len(heart))/b.Elapsed().Seconds(), "grants/s")
}
