package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/grants"
)

// BenchmarkClaims is the load test: heart-package claims by distinct
// users, over HTTP, from 1 and 32 clients, on the memory ledger and on
// PostgreSQL. It reports claims a second and the p50 and p99 latency.
func BenchmarkClaims(b *testing.B) {
	for _, store := range []string{"memory", "postgres"} {
		for _, clients := range []int{1, 32} {
			b.Run(fmt.Sprintf("ledger=%s/clients=%d", store, clients), func(b *testing.B) {
				var ledger grants.Ledger = grants.NewMemoryLedger()
				if store == "postgres" {
					l, err := pgledger.New(context.Background(), pgtest.Pool(b, pgtest.NewSchema()))
					if err != nil {
						b.Fatal(err)
					}
					ledger = l
				}
				ts := httptest.NewServer(newTestServer(b, ledger, 0, testNow).handler())
				defer ts.Close()
				tr := &http.Transport{MaxIdleConnsPerHost: clients}
				defer tr.CloseIdleConnections()
				client := &http.Client{Transport: tr}
				latencies := make([]time.Duration, b.N)
				var next atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				for range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
							req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/claims", strings.NewReader(fmt.Sprintf(userClaim, fmt.Sprintf("load-%d", i))))
							req.Header.Set("Authorization", "Bearer "+testToken)
							start := time.Now()
							res, err := client.Do(req)
							if err != nil {
								b.Error(err)
								return
							}
							io.Copy(io.Discard, res.Body)
							res.Body.Close()
							latencies[i] = time.Since(start)
							if res.StatusCode != http.StatusOK {
								b.Errorf("status %d", res.StatusCode)
								return
							}
						}
					}()
				}
				wg.Wait()
				b.StopTimer()
				slices.Sort(latencies)
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
				b.ReportMetric(float64(latencies[b.N/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(latencies[b.N*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}
