package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// testToken is the bearer token of the test servers.
const testToken = "test-token"

// testNow is the test servers' clock: inside the heart package's claim
// window, before Channel cash opens (2023-02-20).
var testNow = time.Date(2023, 1, 10, 12, 0, 0, 0, kst)

// newServer serves the Kakao 1015 programme, with the Drawer pass capped at
// drawerCap (the real 3,000,000 when 0), through ledger, at testNow.
func newServer(t testing.TB, ledger grants.Ledger, drawerCap int64) *httptest.Server {
	t.Helper()
	return httptest.NewServer(validated(t, newTestServer(t, ledger, drawerCap, testNow).handler()))
}

func newTestServer(t testing.TB, ledger grants.Ledger, drawerCap int64, now time.Time) *server {
	t.Helper()
	cat, err := grants.Kakao1015With(grants.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if drawerCap > 0 {
		items := cat.Items()
		for i := range items {
			if items[i].ID == grants.DrawerPlus {
				items[i].Cap = drawerCap
			}
		}
		if cat, err = grants.NewCatalogue(grants.Config{Currency: grants.KRW, Items: items}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := programme.Kakao1015Config(programme.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	c.Catalogue = cat
	p, err := programme.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return &server{p: p, ledger: ledger, clock: func() time.Time { return now }, token: testToken, dbTimeout: 2 * time.Second}
}

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func call(t testing.TB, client *http.Client, method, url, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header}
	if err := json.Unmarshal(data, &r.body); err != nil {
		t.Fatalf("%s %s: %d with a body that is not a JSON object: %q", method, url, res.StatusCode, data)
	}
	return r
}

func post(t testing.TB, ts *httptest.Server, path, body string) response {
	return call(t, ts.Client(), http.MethodPost, ts.URL+path, "application/json", body)
}

const shopClaim = `{"claimant": {"id": "shop", "kind": "small-business", "attributes": ["domestic-phone", "talk-channel"],
	"business": {"sector": "G47", "regularWorkers": 2, "averageSales": "400000000"}},
	"reports": [{"id": "r1", "filedAt": "2022-10-20T12:00:00+09:00", "operator": "Kakao", "moneyLost": true, "loss": "%s"}],
	"at": "2023-06-01"}`

// paid is the amount of a decision's one award, "" where there is none.
func paid(b map[string]any) string {
	awards, _ := b["awards"].([]any)
	if len(awards) != 1 {
		return ""
	}
	a, _ := awards[0].(map[string]any)
	s, _ := a["amount"].(string)
	return s
}

func TestDecisions(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	tests := []struct {
		reason string
		body   string
		status int
		check  func(map[string]any) bool
	}{
		{"a loss of 300,000 won is paid 30,000", fmt.Sprintf(shopClaim, "300000"), http.StatusOK,
			func(b map[string]any) bool {
				return paid(b) == "30000" && b["review"] == false
			}},
		{"a loss of 500,001 won is paid 50,000 and reviewed", fmt.Sprintf(shopClaim, "500001"), http.StatusOK,
			func(b map[string]any) bool {
				return paid(b) == "50000" && b["review"] == true
			}},
		{"a negative loss is a bad request", fmt.Sprintf(shopClaim, "-1"), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "negative") }},
		{"an unknown kind is bad JSON", `{"claimant": {"id": "x", "kind": "robot"}}`, http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "robot") }},
		{"a sector that is not a KSIC code is bad JSON, named", strings.Replace(fmt.Sprintf(shopClaim, "1"), "G47", "piracy", 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "piracy") }},
		{"a KSIC code takes any finer form", strings.Replace(fmt.Sprintf(shopClaim, "1"), "G47", "g47112", 1), http.StatusOK,
			func(b map[string]any) bool { return b["small"] == true }},
		{"a KSIC section the table splits is a bad request", strings.Replace(fmt.Sprintf(shopClaim, "1"), "G47", "C", 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "spans several lines") }},
		{"an operator that is neither Kakao nor an affiliate is a bad request, never Kakao's", strings.Replace(fmt.Sprintf(shopClaim, "1"), `"operator": "Kakao"`, `"operator": "Kakao Bank"`, 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "Kakao Bank") }},
		{"a decision dated in the year 9999 is out of range, named", strings.Replace(fmt.Sprintf(shopClaim, "1"), "2023-06-01", "9999-12-31", 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "decision date") }},
		{"a loss of 31 digits is out of range, named", fmt.Sprintf(shopClaim, "1234567890123456789012345678901"), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "loss") }},
		{"two reports with one ID are a bad request, named", strings.Replace(fmt.Sprintf(shopClaim, "1"), `"loss": "1"}]`, `"loss": "1"}, {"id": "r1", "filedAt": "2022-10-21T12:00:00+09:00", "operator": "Kakao"}]`, 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), `"r1"`) }},
		{"an attribute the programme does not declare is a bad request, named", strings.Replace(fmt.Sprintf(shopClaim, "1"), `"talk-channel"`, `"postpaid"`, 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "postpaid") }},
		{"a bad date is bad JSON", `{"claimant": {"id": "x", "kind": "general"}, "at": "soon"}`, http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "soon") }},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			r := post(t, ts, "/v1/decisions", tt.body)
			if r.status != tt.status || !tt.check(r.body) {
				t.Errorf("status %d body %v; want %d", r.status, r.body, tt.status)
			}
		})
	}
}

const userClaim = `{"claimant": {"id": %q, "kind": "general", "attributes": ["domestic-phone"]}}`

// statuses returns each item's outcome in a claim's answer.
func statuses(t testing.TB, r response) map[string]string {
	t.Helper()
	out := map[string]string{}
	list, _ := r.body["grants"].([]any)
	for _, g := range list {
		m := g.(map[string]any)
		out[m["item"].(string)] = m["status"].(string)
	}
	return out
}

func TestClaims(t *testing.T) {
	heart := func(status string) map[string]string {
		m := map[string]string{}
		for _, id := range grants.HeartPackage() {
			m[id] = status
		}
		return m
	}
	t.Run("a domestic user's claim issues the heart package, and its retry holds the same grants", func(t *testing.T) {
		ts := newServer(t, grants.NewMemoryLedger(), 0)
		first := post(t, ts, "/v1/claims", fmt.Sprintf(userClaim, "amy"))
		if first.status != http.StatusOK {
			t.Fatalf("status %d %v", first.status, first.body)
		}
		if diff := cmp.Diff(heart("issued"), statuses(t, first)); diff != "" {
			t.Errorf("first claim (-want +got):\n%s", diff)
		}
		again := post(t, ts, "/v1/claims", fmt.Sprintf(userClaim, "amy"))
		if diff := cmp.Diff(heart("held"), statuses(t, again)); diff != "" {
			t.Errorf("retry (-want +got):\n%s", diff)
		}
		if fmt.Sprint(first.body["grants"]) != strings.ReplaceAll(fmt.Sprint(again.body["grants"]), "held", "issued") {
			t.Errorf("the retry's grants differ:\n%v\n%v", first.body["grants"], again.body["grants"])
		}
	})
	t.Run("a sold-out item is that item's outcome, not the claim's failure", func(t *testing.T) {
		ts := newServer(t, grants.NewMemoryLedger(), 1)
		post(t, ts, "/v1/claims", fmt.Sprintf(userClaim, "first"))
		r := post(t, ts, "/v1/claims", fmt.Sprintf(userClaim, "second"))
		want := heart("issued")
		want[grants.DrawerPlus] = "sold-out"
		if diff := cmp.Diff(want, statuses(t, r)); r.status != http.StatusOK || diff != "" {
			t.Errorf("status %d (-want +got):\n%s", r.status, diff)
		}
	})
	t.Run("after the heart window closes, a small business still gets its Channel cash", func(t *testing.T) {
		ts := httptest.NewServer(validated(t, newTestServer(t, grants.NewMemoryLedger(), 0, time.Date(2023, 3, 1, 0, 0, 0, 0, kst)).handler()))
		defer ts.Close()
		r := post(t, ts, "/v1/claims", `{"claimant": {"id": "shop", "kind": "small-business", "attributes": ["domestic-phone"]}}`)
		want := heart("closed")
		want[grants.Channel50000] = "issued"
		if diff := cmp.Diff(want, statuses(t, r)); r.status != http.StatusOK || diff != "" {
			t.Errorf("status %d (-want +got):\n%s", r.status, diff)
		}
	})
	t.Run("an overseas number is entitled to nothing and nothing is issued", func(t *testing.T) {
		l := grants.NewMemoryLedger()
		ts := newServer(t, l, 0)
		r := post(t, ts, "/v1/claims", `{"claimant": {"id": "abroad", "kind": "general"}}`)
		held, _ := l.Holdings(context.Background(), "abroad")
		if r.status != http.StatusOK || len(statuses(t, r)) != 0 || len(held) != 0 {
			t.Errorf("status %d, outcomes %v, holdings %v; want nothing", r.status, statuses(t, r), held)
		}
	})
	for _, tt := range []struct {
		reason, body, want string
	}{
		{"a claim cannot name its own time", `{"claimant": {"id": "x", "kind": "general", "attributes": ["domestic-phone"]}, "at": "2023-01-05"}`, `unknown field "at"`},
		{"a claimant ID with a NUL byte is refused, named", `{"claimant": {"id": "a\u0000b", "kind": "general", "attributes": ["domestic-phone"]}}`, "claimant.id"},
		{"a claimant ID of 300 bytes is refused, named", fmt.Sprintf(userClaim, strings.Repeat("x", 300)), "claimant.id"},
		{"a report about an unknown operator is refused", `{"claimant": {"id": "x", "kind": "general"}, "reports": [{"id": "r", "filedAt": "2022-10-20T10:00:00+09:00", "operator": "kakao"}]}`, "did you mean"},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			r := post(t, newServer(t, grants.NewMemoryLedger(), 0), "/v1/claims", tt.body)
			if msg, _ := r.body["error"].(string); r.status != http.StatusBadRequest || !strings.Contains(msg, tt.want) {
				t.Errorf("status %d body %v; want 400 with %q", r.status, r.body, tt.want)
			}
		})
	}
}

func TestOnlyTheTokenMayIssue(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	for _, tt := range []struct {
		reason, header string
		status         int
	}{
		{"no Authorization header", "", http.StatusUnauthorized},
		{"a wrong token", "Bearer nope", http.StatusUnauthorized},
		{"the token without Bearer", testToken, http.StatusUnauthorized},
		{"a token with a suffix", "Bearer " + testToken + "x", http.StatusUnauthorized},
		{"the token", "Bearer " + testToken, http.StatusOK},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/claims", strings.NewReader(fmt.Sprintf(userClaim, "u")))
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status || tt.status == http.StatusUnauthorized && res.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("status %d, WWW-Authenticate %q; want %d", res.StatusCode, res.Header.Get("WWW-Authenticate"), tt.status)
			}
		})
	}
	for _, path := range []string{"/v1/items/" + grants.DrawerPlus, "/healthz", "/readyz", "/metrics"} {
		if res, err := http.Get(ts.URL + path); err != nil || res.StatusCode != http.StatusOK {
			t.Errorf("GET %s without a token: %v %v; read-only endpoints stay open", path, res.StatusCode, err)
		}
	}
	if _, err := listen("0.0.0.0:0", ""); err == nil || !strings.Contains(err.Error(), "loopback only") {
		t.Errorf("listening on every address without a token: %v; want a refusal", err)
	}
	ln, err := listen("127.0.0.1:0", "")
	if err != nil {
		t.Fatalf("loopback without a token: %v", err)
	}
	ln.Close()
}

// stalledLedger is a ledger whose database never answers: every call
// waits for its context.
type stalledLedger struct{ grants.Ledger }

func (stalledLedger) IssueBatch(ctx context.Context, _ []grants.Request) ([]grants.Outcome, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("pgledger: dial tcp 10.0.0.7:5432 user=relief password=hunter2: %w", ctx.Err())
}

func (stalledLedger) Issued(ctx context.Context, _ string) (int64, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

func TestAStalledDatabaseIsA503WithinTheDeadline(t *testing.T) {
	var logs bytes.Buffer
	s := newTestServer(t, stalledLedger{}, 0, testNow)
	s.dbTimeout = 300 * time.Millisecond
	s.log = slog.New(slog.NewJSONHandler(&logs, nil))
	s.ping = func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	ts := httptest.NewServer(validated(t, s.handler()))
	defer ts.Close()
	for _, tt := range []struct{ method, path, body string }{
		{http.MethodPost, "/v1/claims", fmt.Sprintf(userClaim, "amy")},
		{http.MethodGet, "/v1/items/" + grants.DrawerPlus, ""},
		{http.MethodGet, "/readyz", ""},
	} {
		start := time.Now()
		r := call(t, ts.Client(), tt.method, ts.URL+tt.path, "", tt.body)
		took := time.Since(start)
		msg, _ := r.body["error"].(string)
		id, _ := r.body["requestId"].(string)
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" || took > 2*time.Second {
			t.Errorf("%s %s: status %d, Retry-After %q, after %s; want 503 with Retry-After within the deadline", tt.method, tt.path, r.status, r.header.Get("Retry-After"), took)
		}
		if strings.Contains(msg, "hunter2") || strings.Contains(msg, "10.0.0.7") || id == "" || id != r.header.Get("X-Request-ID") {
			t.Errorf("%s: the client sees %q (request ID %q): internal detail, or no ID", tt.path, msg, id)
		}
		if !strings.Contains(logs.String(), `"id":"`+id+`"`) {
			t.Errorf("%s: the log has no line for request %s", tt.path, id)
		}
	}
	if !strings.Contains(logs.String(), "hunter2") {
		t.Error("the detail did not reach the log")
	}
	if r := call(t, ts.Client(), http.MethodGet, ts.URL+"/healthz", "", ""); r.status != http.StatusOK {
		t.Errorf("/healthz while the database stalls: %d; the process lives", r.status)
	}
	if res, err := http.Get(ts.URL + "/metrics"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/metrics while the database stalls: %v %v", res, err)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	post(t, ts, "/v1/claims", fmt.Sprintf(userClaim, "amy"))
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		for _, path := range []string{"/healthz", "/readyz"} {
			req, _ := http.NewRequest(method, ts.URL+path, nil)
			res, err := ts.Client().Do(req)
			if err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %v %v", method, path, res, err)
				continue
			}
			res.Body.Close()
		}
	}
	res, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse as the Prometheus text format: %v", err)
	}
	// value is the metric of the family with the labels given, as a
	// counter's value or a histogram's count; -1 where there is none.
	value := func(name string, labels ...string) float64 {
		f := families[name]
		if f == nil {
			return -1
		}
	metrics:
		for _, m := range f.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for i := 0; i+1 < len(labels); i += 2 {
				if have[labels[i]] != labels[i+1] {
					continue metrics
				}
			}
			if h := m.GetHistogram(); h != nil {
				return float64(h.GetSampleCount())
			}
			return m.GetCounter().GetValue()
		}
		return -1
	}
	got := map[string]float64{
		"claims answered 200":  value("relief_requests_total", "route", "claims", "status", "200"),
		"drawer passes issued": value("relief_grants_total", "item", "kakao1015/talk-drawer-plus-1m", "outcome", "issued"),
		"claims timed":         value("relief_request_seconds", "route", "claims"),
		"ledger errors":        value("relief_ledger_errors_total"),
	}
	want := map[string]float64{"claims answered 200": 1, "drawer passes issued": 1, "claims timed": 1, "ledger errors": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("/metrics (-want +got):\n%s", diff)
	}
	for name, typ := range map[string]dto.MetricType{
		"relief_requests_total": dto.MetricType_COUNTER, "relief_request_seconds": dto.MetricType_HISTOGRAM,
		"relief_grants_total": dto.MetricType_COUNTER, "relief_ledger_errors_total": dto.MetricType_COUNTER,
		"go_goroutines": dto.MetricType_GAUGE, "go_memstats_heap_alloc_bytes": dto.MetricType_GAUGE,
		"process_cpu_seconds_total": dto.MetricType_COUNTER,
	} {
		if f := families[name]; f == nil || f.GetType() != typ {
			t.Errorf("/metrics: %s is %v, want a %v", name, f.GetType(), typ)
		}
	}
	if h := families["relief_request_seconds"].GetMetric()[0].GetHistogram(); len(h.GetBucket()) != len(buckets)+1 {
		t.Errorf("relief_request_seconds has %d buckets, want %d and +Inf", len(h.GetBucket()), len(buckets))
	}
}

func TestBadRequests(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	tests := []struct {
		reason, method, path, contentType, body string
		status                                  int
		want                                    string
	}{
		{"malformed JSON", "POST", "/v1/claims", "application/json", `{"claimant": `, http.StatusBadRequest, "bad JSON"},
		{"an unknown field", "POST", "/v1/claims", "application/json", `{"claimant": {"id": "x", "kind": "general"}, "colour": "red"}`, http.StatusBadRequest, `unknown field "colour"`},
		{"two JSON values", "POST", "/v1/decisions", "application/json", `{} {}`, http.StatusBadRequest, "more than one JSON value"},
		{"an empty body", "POST", "/v1/decisions", "application/json", ``, http.StatusBadRequest, "empty body"},
		{"an oversized body", "POST", "/v1/decisions", "application/json", `{"claimant": {"id": "` + strings.Repeat("x", maxBody) + `"}}`, http.StatusRequestEntityTooLarge, "body over"},
		{"a form body that is not JSON", "POST", "/v1/claims", "application/x-www-form-urlencoded", `item=x`, http.StatusBadRequest, "bad JSON"},
		{"GET on a POST route", "GET", "/v1/claims", "", ``, http.StatusMethodNotAllowed, "method GET not allowed"},
		{"DELETE on an item", "DELETE", "/v1/items/" + grants.DrawerPlus, "", ``, http.StatusMethodNotAllowed, "use GET"},
		{"the old raw grants route is gone", "POST", "/v1/grants", "", `{"item": "x", "recipient": "anyone"}`, http.StatusNotFound, "no route"},
		{"an unknown route", "GET", "/v2/everything", "", ``, http.StatusNotFound, "no route"},
		{"an unknown item", "GET", "/v1/items/kakao1015/yacht", "", ``, http.StatusNotFound, "unknown item"},
		{"a key twice is refused, not won by the last", "POST", "/v1/decisions", "", `{"claimant": {"id": "alice", "id": "mallory", "kind": "general"}}`, http.StatusBadRequest, `key "id" twice`},
		{"a key that matches only by case is refused", "POST", "/v1/decisions", "", `{"claimant": {"id": "alice", "ID": "mallory", "kind": "general"}}`, http.StatusBadRequest, `key "ID" matches the field "id" only by case`},
		{"a field of the wrong type names the field, not a Go type", "POST", "/v1/decisions", "", `{"claimant": {"id": 7, "kind": "general"}}`, http.StatusBadRequest, "claimant.id: a JSON number where a string belongs"},
		{"a number of a million digits is refused before it is parsed", "POST", "/v1/decisions", "", `{"claimant": {"id": "a", "kind": "general"}, "reports": [{"id": "r", "loss": ` + strings.Repeat("9", 1<<19) + `}]}`, http.StatusBadRequest, "a number of 524288 characters, at most 100"},
		{"invalid UTF-8 is refused at the raw bytes", "POST", "/v1/claims", "", "{\"claimant\": {\"id\": \"inv\xffA\", \"kind\": \"general\"}}", http.StatusBadRequest, "not valid UTF-8"},
		{"a lone surrogate, decoded as U+FFFD, is refused", "POST", "/v1/claims", "", `{"claimant": {"id": "inv\udcffA", "kind": "general"}}`, http.StatusBadRequest, "replacement character"},
		{"an identity in NFD is refused", "POST", "/v1/claims", "", `{"claimant": {"id": "\u1100\u1175\u11b7", "kind": "general"}}`, http.StatusBadRequest, "decomposed Hangul"},
		{"an identity with a trailing space is refused", "POST", "/v1/claims", "", `{"claimant": {"id": "alice ", "kind": "general"}}`, http.StatusBadRequest, "leading or trailing space"},
		{"an identity with a zero-width space is refused", "POST", "/v1/claims", "", `{"claimant": {"id": "ali\u200bce", "kind": "general"}}`, http.StatusBadRequest, "invisible format character"},
		{"an identity with a no-break space is refused", "POST", "/v1/decisions", "", `{"claimant": {"id": "alice\u00a0", "kind": "general"}}`, http.StatusBadRequest, "space other than U+0020"},
		{"a report ID with a byte-order mark is refused", "POST", "/v1/decisions", "", `{"claimant": {"id": "a", "kind": "general"}, "reports": [{"id": "\ufeffr"}]}`, http.StatusBadRequest, "reports[0].id"},
		{"two reports with one ID are a 400", "POST", "/v1/decisions", "", `{"claimant": {"id": "a", "kind": "general"}, "reports": [{"id": "r", "operator": "Kakao", "filedAt": "2022-10-20T12:00:00+09:00"}, {"id": "r", "operator": "Kakao", "filedAt": "2022-10-20T12:00:00+09:00"}]}`, http.StatusBadRequest, "report"},
		{"an item ID of 500 KB is not echoed", "GET", "/v1/items/" + strings.Repeat("x", 500_000), "", ``, http.StatusNotFound, "unknown item"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			r := call(t, ts.Client(), tt.method, ts.URL+tt.path, tt.contentType, tt.body)
			msg, _ := r.body["error"].(string)
			if r.status != tt.status || !strings.Contains(msg, tt.want) || r.body["status"] != float64(tt.status) || r.body["requestId"] == "" {
				t.Errorf("status %d body %v; want %d with %q", r.status, r.body, tt.status, tt.want)
			}
			if r.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
			}
			if len(msg) > 300 || strings.Contains(msg, "main.") || strings.Contains(msg, "eligibility.") {
				t.Errorf("the error is %d bytes, or names a Go type: %.300s", len(msg), msg)
			}
		})
	}
	if r := call(t, ts.Client(), "PUT", ts.URL+"/v1/decisions", "", ""); r.header.Get("Allow") != "POST" {
		t.Errorf("405 without Allow: POST: %v", r.header)
	}
}

// FuzzHandlers sends any body to every route: the answer is always below
// 500 and a JSON object.
func FuzzHandlers(f *testing.F) {
	for _, s := range []string{fmt.Sprintf(userClaim, "amy"), fmt.Sprintf(shopClaim, "420000"), `{"claimant": {"id": "\u0000"}}`, `[]`, `{"at": "9999-99-99"}`, ""} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	s := newTestServer(f, grants.NewMemoryLedger(), 0, testNow)
	h := s.handler()
	routes := []string{"/v1/claims", "/v1/decisions", "/v1/items/" + grants.DrawerPlus}
	f.Fuzz(func(t *testing.T, body string, route uint8) {
		path := routes[int(route)%len(routes)]
		method := http.MethodPost
		if route%4 == 3 {
			method = http.MethodGet
		}
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		w := httptest.NewRecorder()
		validated(t, h).ServeHTTP(w, req)
		var v map[string]any
		if w.Code >= 500 || json.Unmarshal(w.Body.Bytes(), &v) != nil {
			t.Errorf("%s %s %q: status %d, body %q", method, path, body, w.Code, w.Body.String())
		}
	})
}

// loadLastUnits sends many concurrent claims for the last units of a
// capped item, spread over the given servers (replicas), bounded in count
// and time, and checks that exactly the cap is issued. Where bulk is not
// nil it runs alongside the claims, and returns how many units it won.
func loadLastUnits(t *testing.T, servers []*httptest.Server, ledger grants.Ledger, cap int64, bulk func(context.Context) int64) {
	const before, workers, requests = 10, 32, 4
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for i := range int(cap) - before {
		if r := post(t, servers[0], "/v1/claims", fmt.Sprintf(userClaim, fmt.Sprintf("early-%d", i))); r.status != http.StatusOK {
			t.Fatalf("early claim %d: %d %v", i, r.status, r.body)
		}
	}
	var mu sync.Mutex
	outcomes := map[string]int{}
	winners := map[string]float64{}
	var wg sync.WaitGroup
	var bulkWon int64
	if bulk != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bulkWon = bulk(ctx)
		}()
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := servers[w%len(servers)]
			for k := range requests {
				who := fmt.Sprintf("racer-%d-%d", w%(workers/2), k) // two workers per recipient
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/claims", strings.NewReader(fmt.Sprintf(userClaim, who)))
				req.Header.Set("Authorization", "Bearer "+testToken)
				res, err := ts.Client().Do(req)
				if err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				var body claimResponse
				json.NewDecoder(res.Body).Decode(&body)
				res.Body.Close()
				mu.Lock()
				if res.StatusCode != http.StatusOK {
					t.Errorf("worker %d: status %d", w, res.StatusCode)
				}
				for _, g := range body.Grants {
					if g.Item != grants.DrawerPlus {
						continue
					}
					outcomes[g.Status]++
					if g.Grant != nil {
						if s, ok := winners[who]; ok && s != float64(g.Grant.Serial) {
							t.Errorf("%s got serials %v and %v", who, s, g.Grant.Serial)
						}
						winners[who] = float64(g.Grant.Serial)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if int64(len(winners))+bulkWon != before {
		t.Errorf("%d recipients by claims and %d by bulk won the last %d passes", len(winners), bulkWon, before)
	}
	if n, err := ledger.Issued(ctx, grants.DrawerPlus); err != nil || n != cap {
		t.Errorf("issued %d, %v; want exactly the cap %d", n, err, cap)
	}
	t.Logf("%d claims over %d replica(s): Drawer pass outcomes %v; bulk won %d", workers*requests, len(servers), outcomes, bulkWon)
}

func TestLoadOverTheLastUnitsInMemory(t *testing.T) {
	l := grants.NewMemoryLedger()
	loadLastUnits(t, []*httptest.Server{newServer(t, l, 60)}, l, 60, nil)
}

func TestLoadOverTheLastUnitsOnTwoPostgreSQLReplicas(t *testing.T) {
	schema := pgtest.NewSchema()
	replica := func() (*httptest.Server, grants.Ledger) {
		l, err := pgledger.New(context.Background(), pgtest.Pool(t, schema))
		if err != nil {
			t.Fatal(err)
		}
		return newServer(t, l, 60), l
	}
	a, ledger := replica()
	b, _ := replica()
	loadLastUnits(t, []*httptest.Server{a, b}, ledger, 60, nil)
}

// A bulk job's issues (pgledger.IssueBulk, on a replica of its own) and
// claims through the service on two replicas race over the last units of
// the Drawer pass: exactly the cap is issued, each unit once.
func TestABulkJobAndServiceClaimsShareTheLastUnits(t *testing.T) {
	schema := pgtest.NewSchema()
	replica := func() *pgledger.Ledger {
		l, err := pgledger.New(context.Background(), pgtest.Pool(t, schema))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	la, lb, job := replica(), replica(), replica()
	a, b := newServer(t, la, 60), newServer(t, lb, 60)
	bulk := func(ctx context.Context) int64 {
		var won int64
		at := testNow
		for k := range 8 { // batches over recipients of their own (the ledger's tests race shared ones)
			var batch []grants.Request
			for r := range 6 {
				who := fmt.Sprintf("pushed-%d-%d", k, r)
				batch = append(batch, grants.Request{Grant: grants.Grant{Item: grants.DrawerPlus, Recipient: who, IssuedAt: at, Expires: at.AddDate(0, 1, 0)}, Cap: 60})
			}
			tallies, err := job.IssueBulk(ctx, batch)
			if err != nil {
				t.Errorf("bulk %d: %v", k, err)
				return won
			}
			won += tallies[0].New
		}
		return won
	}
	loadLastUnits(t, []*httptest.Server{a, b}, la, 60, bulk)
	pgtest.CheckSoldOut(t, pgtest.Pool(t, schema), grants.DrawerPlus, 60)
}

func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, config{log: slog.New(slog.NewJSONHandler(io.Discard, nil))}) }()
	url := "http://" + ln.Addr().String() + "/healthz"
	var res *http.Response
	for range 50 {
		if res, err = http.Get(url); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after a clean shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not return after its context was cancelled")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestLettersOnRequest(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	r := post(t, ts, "/v1/claims?lang=ko", fmt.Sprintf(userClaim, "amy"))
	letter, _ := r.body["letter"].(string)
	if r.status != http.StatusOK || !strings.Contains(letter, "amy 님께") || !strings.Contains(letter, "이모티콘 3종") {
		t.Errorf("a claim with ?lang=ko: %d, letter %q", r.status, letter)
	}
	r = post(t, ts, "/v1/decisions?lang=en", fmt.Sprintf(shopClaim, "420000"))
	letter, _ = r.body["letter"].(string)
	if r.status != http.StatusOK || !strings.Contains(letter, "Cash support of 50,000 won") {
		t.Errorf("a decision with ?lang=en: %d, letter %q", r.status, letter)
	}
	if r := post(t, ts, "/v1/decisions", fmt.Sprintf(shopClaim, "420000")); r.body["letter"] != nil {
		t.Errorf("a decision without lang carries a letter: %v", r.body)
	}
	if r := post(t, ts, "/v1/claims?lang=fr", fmt.Sprintf(userClaim, "bo")); r.status != http.StatusBadRequest {
		t.Errorf("?lang=fr: %d, want 400", r.status)
	}
}

// countingLedger counts its Issued calls.
type countingLedger struct {
	grants.Ledger
	counts atomic.Int64
}

func (l *countingLedger) Issued(ctx context.Context, item string) (int64, error) {
	l.counts.Add(1)
	return l.Ledger.Issued(ctx, item)
}

func TestItemCountsAreAtMostASecondOld(t *testing.T) {
	ledger := &countingLedger{Ledger: grants.NewMemoryLedger()}
	s := newTestServer(t, ledger, 0, testNow)
	var clock atomic.Int64 // the cache's clock, in nanoseconds after testNow
	s.issued = newIssuedCache(func() time.Time { return testNow.Add(time.Duration(clock.Load())) })
	ts := httptest.NewServer(validated(t, s.handler()))
	defer ts.Close()
	get := func(item string) string {
		r := call(t, ts.Client(), http.MethodGet, ts.URL+"/v1/items/"+item, "", "")
		return fmt.Sprintf("issued %v, %d counts", r.body["issued"], ledger.counts.Load())
	}
	var got []string
	got = append(got, get(grants.DrawerPlus), get(grants.DrawerPlus))
	post(t, ts, "/v1/claims", fmt.Sprintf(userClaim, "reader"))
	got = append(got, get(grants.DrawerPlus))
	clock.Store(int64(issuedMaxAge - time.Nanosecond))
	got = append(got, get(grants.DrawerPlus))
	clock.Store(int64(issuedMaxAge))
	got = append(got, get(grants.DrawerPlus))
	clock.Store(-int64(time.Hour)) // set back
	got = append(got, get(grants.DrawerPlus), get(grants.EmoticonForever))
	want := []string{
		"issued 0, 1 counts", "issued 0, 1 counts", // the second from the cache
		"issued 0, 1 counts", // a second has not passed since the count
		"issued 0, 1 counts", // nor has it a nanosecond before
		"issued 1, 2 counts", // at a second, counted again
		"issued 1, 3 counts", // a clock set back counts again
		"issued 1, 4 counts", // another item has a count of its own
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET /v1/items (-want +got):\n%s", diff)
	}
}

// TestAProgrammeFileIsServed serves KT Ahyeon's programme from its file:
// a subscriber's bill credit and a small business's support by the days
// its service was down, decided in the programme's words.
func TestAProgrammeFileIsServed(t *testing.T) {
	p, err := programme.Open("../programmes/ktahyeon2018.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := &server{p: p, ledger: grants.NewMemoryLedger(), clock: func() time.Time { return time.Date(2019, 1, 10, 9, 0, 0, 0, kst) },
		token: testToken, dbTimeout: 2 * time.Second}
	ts := httptest.NewServer(validated(t, srv.handler()))
	defer ts.Close()
	r := post(t, ts, "/v1/decisions", `{"claimant": {"id": "shop", "kind": "small-business", "bases": {"days-down": "4"},
		"business": {"sector": "I56", "regularWorkers": 2, "averageSales": "300000000"}},
		"reports": [{"id": "r", "filedAt": "2019-04-02T10:00:00+09:00", "operator": "KT"}], "at": "2019-05-06"}`)
	if r.status != http.StatusOK || paid(r.body) != "800000" {
		t.Errorf("[AH-5] 4 days down: %d %v; want 800,000 won", r.status, r.body)
	}
	r = post(t, ts, "/v1/claims", `{"claimant": {"id": "sub", "kind": "subscriber", "attributes": ["in-area"], "bases": {"average-bill": "45000"}}}`)
	grantsOut, _ := r.body["grants"].([]any)
	if r.status != http.StatusOK || len(grantsOut) != 1 || !strings.Contains(asJSON(grantsOut[0]), `"issued"`) || paid(r.body["decision"].(map[string]any)) != "45000" {
		t.Errorf("[AH-1] a subscriber in the area: %d %v", r.status, r.body)
	}
}

func asJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// The Bearer scheme's name is matched without regard to case (RFC 7235);
// the token is not.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	for _, tt := range []struct {
		header string
		status int
	}{
		{"Bearer " + testToken, http.StatusOK},
		{"bearer " + testToken, http.StatusOK},
		{"BEARER  " + testToken, http.StatusOK},
		{"Bearer " + strings.ToUpper(testToken), http.StatusUnauthorized},
		{"Basic " + testToken, http.StatusUnauthorized},
		{testToken, http.StatusUnauthorized},
	} {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/claims", strings.NewReader(fmt.Sprintf(userClaim, "bearer-case")))
		req.Header.Set("Authorization", tt.header)
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("Authorization %q: status %d, want %d", tt.header, res.StatusCode, tt.status)
		}
	}
}

// blockingLedger waits for its context on every issue: a ledger call in
// flight when the client hangs up.
type blockingLedger struct{ grants.Ledger }

func (blockingLedger) IssueBatch(ctx context.Context, _ []grants.Request) ([]grants.Outcome, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// A client that hangs up mid-claim is not a failure of the ledger: no
// ledger error counted, nothing logged as an error, status 499 logged.
func TestAClientThatHangsUpIsNotALedgerFailure(t *testing.T) {
	var log lockedBuffer
	s := newTestServer(t, blockingLedger{grants.NewMemoryLedger()}, 0, testNow)
	s.log = slog.New(slog.NewJSONHandler(&log, nil))
	s.dbTimeout = time.Minute
	ts := httptest.NewServer(validated(t, s.handler()))
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/claims", strings.NewReader(fmt.Sprintf(userClaim, "hangs-up")))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if res, err := ts.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("the request was answered %d; want the client to give up", res.StatusCode)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), `"status":499`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	ts.Close() // waits for the handler
	if !strings.Contains(log.String(), `"status":499`) || strings.Contains(log.String(), `"level":"ERROR"`) {
		t.Errorf("the log says:\n%s\nwant status 499 and no ERROR", log.String())
	}
	var metrics bytes.Buffer
	s.metrics.write(&metrics)
	if !strings.Contains(metrics.String(), "relief_ledger_errors_total 0") {
		t.Errorf("a hang-up was counted as a ledger error:\n%s", metrics.String())
	}
}

// lockedBuffer is a bytes.Buffer a handler writes while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// FuzzLedgersAgree sends each claim to a service on the memory ledger
// and to one on PostgreSQL, then again: both answer with one status, one
// error or the same outcome per item, and a retry holds what the first
// claim issued. Identities that spell one name two ways are refused by
// both, so they never split or merge differently.
func FuzzLedgersAgree(f *testing.F) {
	for _, id := range []string{"alice", "김철수", "\u1100\u1175\u11b7", "alice ", "ali\u200bce", "inv\xffA", "a\x00b", "Alice", "x"} {
		f.Add(id, uint8(0), true)
	}
	f.Add("shop-1", uint8(1), false)
	mem := newServer(f, grants.NewMemoryLedger(), 5)
	l, err := pgledger.New(context.Background(), pgtest.Pool(f, pgtest.NewSchema()))
	if err != nil {
		f.Fatal(err)
	}
	pg := newServer(f, l, 5)
	kinds := []string{"general", "small-business", "enterprise", "robot"}
	f.Fuzz(func(t *testing.T, id string, kind uint8, phone bool) {
		attributes := ""
		if phone {
			attributes = `, "attributes": ["domestic-phone"]`
		}
		body := []byte(fmt.Sprintf(`{"claimant": {"id": %s, "kind": %q%s}}`, rawJSONString(id), kinds[int(kind)%len(kinds)], attributes))
		var first [2]string
		for attempt := range 2 {
			a, b := post(t, mem, "/v1/claims", string(body)), post(t, pg, "/v1/claims", string(body))
			sa, sb := outcomes(a), outcomes(b)
			if diff := cmp.Diff(sa, sb); diff != "" {
				t.Fatalf("claim %q, attempt %d: the ledgers disagree (-memory +PostgreSQL):\n%s", body, attempt+1, diff)
			}
			first[attempt] = sa
		}
		if strings.Contains(first[0], "issued") && strings.Contains(first[1], "issued") {
			t.Fatalf("a retry issued again: %s then %s", first[0], first[1])
		}
	})
}

// rawJSONString writes s as a JSON string with its bytes as they are (as
// a client that sends invalid UTF-8 would), escaping only what JSON
// requires: the quote, the backslash and control characters.
func rawJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// outcomes is a response as the ledgers must agree on it: the status,
// and the error or each item's status.
func outcomes(r response) string {
	if msg, ok := r.body["error"].(string); ok {
		return fmt.Sprintf("%d %s", r.status, msg)
	}
	var out []string
	list, _ := r.body["grants"].([]any)
	for _, g := range list {
		m, _ := g.(map[string]any)
		out = append(out, fmt.Sprintf("%v %v", m["item"], m["status"]))
	}
	return fmt.Sprintf("%d %s", r.status, strings.Join(out, ", "))
}

// The -migrate command brings an empty database to this build's schema,
// saying each step, and a second run finds nothing to do.
func TestTheMigrateCommand(t *testing.T) {
	schema := pgtest.NewSchema()
	pgtest.Pool(t, schema) // the schema, dropped when the test ends
	url := pgtest.Env(t, "RELIEF_TEST_DATABASE_URL")
	if strings.Contains(url, "?") {
		url += "&search_path=" + schema
	} else {
		url += "?search_path=" + schema
	}
	var first, second strings.Builder
	if err := migrateSchema(context.Background(), url, &first); err != nil {
		t.Fatal(err)
	}
	if err := migrateSchema(context.Background(), url, &second); err != nil {
		t.Fatal(err)
	}
	want := "applied 1: 00001_tables.sql\napplied 2: 00002_functions.sql\napplied 3: 00003_jobs.sql\napplied 4: 00004_compact_grants.sql\n" +
		"applied 5: 00005_sold_out_after_the_sweep.sql\nthe schema is at version 5\n"
	if diff := cmp.Diff(want, first.String()); diff != "" {
		t.Errorf("the first run (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("the schema is at version 5, this build's: nothing to do\n", second.String()); diff != "" {
		t.Errorf("the second run (-want +got):\n%s", diff)
	}
	if err := migrateSchema(context.Background(), "", io.Discard); err == nil {
		t.Error("no database: no error")
	}
}
