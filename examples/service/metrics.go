package main

import (
	"io"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
)

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// metrics counts what an operator watches, for /metrics, through the
// Prometheus client library: requests by route and status, latency by
// route, grants by item and outcome, ledger errors, and the Go runtime's
// and the process's own metrics. Each server has a registry of its own,
// so that tests (and two servers in one process) count apart.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	grants   *prometheus.CounterVec
	dbErrors prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "relief_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "relief_request_seconds", Help: "HTTP request latency by route.", Buckets: buckets,
		}, []string{"route"}),
		grants: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "relief_grants_total", Help: "Grants by item and outcome (issued, held, sold-out, not-open, closed).",
		}, []string{"item", "outcome"}),
		dbErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "relief_ledger_errors_total", Help: "Ledger calls that failed or timed out.",
		}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.grants, m.dbErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) request(route string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

func (m *metrics) grant(item, outcome string) { m.grants.WithLabelValues(item, outcome).Inc() }

func (m *metrics) dbError() { m.dbErrors.Inc() }

// textFormat is the exposition format /metrics writes.
var textFormat = expfmt.NewFormat(expfmt.TypeTextPlain)

// write writes every metric in the Prometheus text format.
func (m *metrics) write(w io.Writer) error {
	families, err := m.registry.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, textFormat)
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}
