package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// metrics counts what an operator watches, for /metrics in the
// Prometheus text format: requests by route and status, latency by
// route, grants by item and outcome, and ledger errors.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]int64 // route, status
	latency  map[string]*histogram
	grants   map[[2]string]int64 // item, outcome
	dbErrors int64
}

type histogram struct {
	counts []int64 // per bucket, then +Inf
	sum    float64
	n      int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]int64{}, latency: map[string]*histogram{}, grants: map[[2]string]int64{}}
}

func (m *metrics) request(route string, status int, took time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, strconv.Itoa(status)}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]int64, len(buckets)+1)}
		m.latency[route] = h
	}
	secs := took.Seconds()
	i, _ := slices.BinarySearch(buckets, secs)
	h.counts[i]++
	h.sum += secs
	h.n++
}

func (m *metrics) grant(item, outcome string) {
	m.mu.Lock()
	m.grants[[2]string{item, outcome}]++
	m.mu.Unlock()
}

func (m *metrics) dbError() {
	m.mu.Lock()
	m.dbErrors++
	m.mu.Unlock()
}

// write prints every metric, in a stable order.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP relief_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE relief_requests_total counter")
	for _, k := range sortedKeys(m.requests) {
		fmt.Fprintf(w, "relief_requests_total{route=%q,status=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP relief_request_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE relief_request_seconds histogram")
	for _, r := range slices.Sorted(maps.Keys(m.latency)) {
		h := m.latency[r]
		var cum int64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "relief_request_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "relief_request_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(w, "relief_request_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(w, "relief_request_seconds_count{route=%q} %d\n", r, h.n)
	}
	fmt.Fprintln(w, "# HELP relief_grants_total Grants by item and outcome (issued, held, sold-out, not-open, closed).")
	fmt.Fprintln(w, "# TYPE relief_grants_total counter")
	for _, k := range sortedKeys(m.grants) {
		fmt.Fprintf(w, "relief_grants_total{item=%q,outcome=%q} %d\n", k[0], k[1], m.grants[k])
	}
	fmt.Fprintln(w, "# HELP relief_ledger_errors_total Ledger calls that failed or timed out.")
	fmt.Fprintln(w, "# TYPE relief_ledger_errors_total counter")
	fmt.Fprintf(w, "relief_ledger_errors_total %d\n", m.dbErrors)
}

func sortedKeys(m map[[2]string]int64) [][2]string {
	return slices.SortedFunc(maps.Keys(m), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
}
