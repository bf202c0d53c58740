package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

// newServer serves the Kakao 1015 programme, with the Drawer pass capped at
// drawerCap (the real 3,000,000 when 0), through ledger.
func newServer(t testing.TB, ledger grants.Ledger, drawerCap int64) *httptest.Server {
	t.Helper()
	cat, err := grants.Kakao1015(grants.DefaultOptions())
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
		if cat, err = grants.NewCatalogue(items...); err != nil {
			t.Fatal(err)
		}
	}
	p, err := programme.New(eligibility.Kakao1015(), compensation.Kakao1015(), cat)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2023, 1, 10, 12, 0, 0, 0, kst) }
	ts := httptest.NewServer((&server{p: p, ledger: ledger, now: now}).handler())
	t.Cleanup(ts.Close)
	return ts
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

const shopClaim = `{"claimant": {"id": "shop", "kind": "small-business", "domesticPhone": true, "talkChannel": true,
	"business": {"sector": "G47", "regularWorkers": 2, "averageSales": "400000000"}},
	"reports": [{"id": "r1", "filedAt": "2022-10-20T12:00:00+09:00", "operator": "Kakao", "moneyLost": true, "loss": "%s"}],
	"at": "2023-04-14"}`

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
				return b["award"].(map[string]any)["amount"] == "30000" && b["review"] == false
			}},
		{"a loss of 500,001 won is paid 50,000 and reviewed", fmt.Sprintf(shopClaim, "500001"), http.StatusOK,
			func(b map[string]any) bool {
				return b["award"].(map[string]any)["amount"] == "50000" && b["review"] == true
			}},
		{"a negative loss is refused as unprocessable", fmt.Sprintf(shopClaim, "-1"), http.StatusUnprocessableEntity,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "negative") }},
		{"an unknown kind is bad JSON", `{"claimant": {"id": "x", "kind": "robot"}}`, http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "robot") }},
		{"a sector that is not a KSIC code is bad JSON, named", strings.Replace(fmt.Sprintf(shopClaim, "1"), "G47", "piracy", 1), http.StatusBadRequest,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "piracy") }},
		{"a KSIC code takes any finer form", strings.Replace(fmt.Sprintf(shopClaim, "1"), "G47", "g47112", 1), http.StatusOK,
			func(b map[string]any) bool { return b["small"] == true }},
		{"a KSIC section the table splits is unprocessable", strings.Replace(fmt.Sprintf(shopClaim, "1"), "G47", "C", 1), http.StatusUnprocessableEntity,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "spans several lines") }},
		{"an operator that is neither Kakao nor an affiliate is unprocessable, never Kakao's", strings.Replace(fmt.Sprintf(shopClaim, "1"), `"operator": "Kakao"`, `"operator": "Kakao Bank"`, 1), http.StatusUnprocessableEntity,
			func(b map[string]any) bool { return strings.Contains(b["error"].(string), "Kakao Bank") }},
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

func TestGrants(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 2)
	grant := func(item, who, at string) string {
		return fmt.Sprintf(`{"item": %q, "recipient": %q, "at": %q}`, item, who, at)
	}
	const open = "2023-01-05T09:00:00+09:00"
	tests := []struct {
		reason string
		body   string
		status int
		serial float64
	}{
		{"a first claim of the Drawer pass is serial 1", grant(grants.DrawerPlus, "amy", open), http.StatusOK, 1},
		{"a retry gets the same grant", grant(grants.DrawerPlus, "amy", "2023-01-06T10:00:00+09:00"), http.StatusOK, 1},
		{"a second recipient is serial 2", grant(grants.DrawerPlus, "ben", open), http.StatusOK, 2},
		{"a third recipient finds the passes sold out", grant(grants.DrawerPlus, "cho", open), http.StatusConflict, 0},
		{"a claim one second before the window opens is forbidden", grant(grants.EmoticonA90, "amy", "2023-01-05T08:59:59+09:00"), http.StatusForbidden, 0},
		{"a claim when the window closes is forbidden", grant(grants.EmoticonA90, "amy", "2023-01-21T00:00:00+09:00"), http.StatusForbidden, 0},
		{"a claim without a time uses the server's clock", `{"item": "` + grants.EmoticonA90 + `", "recipient": "dan"}`, http.StatusOK, 1},
		{"an unknown item is not found", grant("kakao1015/yacht", "amy", open), http.StatusNotFound, 0},
		{"an empty recipient is a bad request", grant(grants.EmoticonA90, "", open), http.StatusBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			r := post(t, ts, "/v1/grants", tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d body %v; want %d", r.status, r.body, tt.status)
			}
			if tt.serial > 0 && r.body["serial"] != tt.serial {
				t.Errorf("serial %v, want %v", r.body["serial"], tt.serial)
			}
			if tt.serial == 0 && r.body["error"] == nil {
				t.Errorf("an error response without an error: %v", r.body)
			}
		})
	}
	r := call(t, ts.Client(), http.MethodGet, ts.URL+"/v1/items/"+grants.DrawerPlus, "", "")
	if r.status != http.StatusOK || r.body["issued"] != 2.0 || r.body["cap"] != 2.0 {
		t.Errorf("item count: %d %v; want 2 of 2", r.status, r.body)
	}
	if r := call(t, ts.Client(), http.MethodGet, ts.URL+"/v1/items/nothing", "", ""); r.status != http.StatusNotFound {
		t.Errorf("an unknown item's count: %d, want 404", r.status)
	}
}

func TestBadRequests(t *testing.T) {
	ts := newServer(t, grants.NewMemoryLedger(), 0)
	tests := []struct {
		reason, method, path, contentType, body string
		status                                  int
		want                                    string
	}{
		{"malformed JSON", "POST", "/v1/grants", "application/json", `{"item": `, http.StatusBadRequest, "bad JSON"},
		{"an unknown field", "POST", "/v1/grants", "application/json", `{"item": "x", "colour": "red"}`, http.StatusBadRequest, `unknown field "colour"`},
		{"two JSON values", "POST", "/v1/grants", "application/json", `{} {}`, http.StatusBadRequest, "more than one value"},
		{"an empty body", "POST", "/v1/decisions", "application/json", ``, http.StatusBadRequest, "empty body"},
		{"an oversized body", "POST", "/v1/decisions", "application/json", `{"claimant": {"id": "` + strings.Repeat("x", maxBody) + `"}}`, http.StatusRequestEntityTooLarge, "body over"},
		{"a form body that is not JSON", "POST", "/v1/grants", "application/x-www-form-urlencoded", `item=x`, http.StatusBadRequest, "bad JSON"},
		{"GET on a POST route", "GET", "/v1/grants", "", ``, http.StatusMethodNotAllowed, "method GET not allowed"},
		{"DELETE on an item", "DELETE", "/v1/items/" + grants.DrawerPlus, "", ``, http.StatusMethodNotAllowed, "use GET"},
		{"an unknown route", "GET", "/v2/everything", "", ``, http.StatusNotFound, "no route"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			r := call(t, ts.Client(), tt.method, ts.URL+tt.path, tt.contentType, tt.body)
			msg, _ := r.body["error"].(string)
			if r.status != tt.status || !strings.Contains(msg, tt.want) || r.body["status"] != float64(tt.status) {
				t.Errorf("status %d body %v; want %d with %q", r.status, r.body, tt.status, tt.want)
			}
			if r.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
			}
		})
	}
	if r := call(t, ts.Client(), "PUT", ts.URL+"/v1/decisions", "", ""); r.header.Get("Allow") != "POST" {
		t.Errorf("405 without Allow: POST: %v", r.header)
	}
}

// loadLastUnits sends many concurrent issue requests for the last units of
// a capped item, spread over the given servers (replicas), bounded in
// count and time, and checks that exactly the cap is issued.
func loadLastUnits(t *testing.T, servers []*httptest.Server, ledger grants.Ledger, cap int64) {
	const before, workers, requests = 10, 32, 4
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	body := func(who string) string {
		return fmt.Sprintf(`{"item": %q, "recipient": %q, "at": "2023-01-05T09:00:00+09:00"}`, grants.DrawerPlus, who)
	}
	for i := range int(cap) - before {
		if r := post(t, servers[0], "/v1/grants", body(fmt.Sprintf("early-%d", i))); r.status != http.StatusOK {
			t.Fatalf("early claim %d: %d %v", i, r.status, r.body)
		}
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	winners := map[string]float64{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := servers[w%len(servers)]
			for k := range requests {
				who := fmt.Sprintf("racer-%d-%d", w%(workers/2), k) // two workers per recipient
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/grants", bytes.NewBufferString(body(who)))
				res, err := ts.Client().Do(req)
				if err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				var g map[string]any
				json.NewDecoder(res.Body).Decode(&g)
				res.Body.Close()
				mu.Lock()
				statuses[res.StatusCode]++
				if res.StatusCode == http.StatusOK {
					if s, ok := winners[who]; ok && s != g["serial"] {
						t.Errorf("%s got serials %v and %v", who, s, g["serial"])
					}
					winners[who] = g["serial"].(float64)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(winners) != before {
		t.Errorf("%d recipients won the last %d passes", len(winners), before)
	}
	if n, err := ledger.Issued(ctx, grants.DrawerPlus); err != nil || n != cap {
		t.Errorf("issued %d, %v; want exactly the cap %d", n, err, cap)
	}
	if statuses[http.StatusOK]+statuses[http.StatusConflict] != workers*requests {
		t.Errorf("statuses %v: want only 200 and 409", statuses)
	}
	t.Logf("%d requests over %d replica(s): %v", workers*requests, len(servers), statuses)
}

func TestLoadOverTheLastUnitsInMemory(t *testing.T) {
	l := grants.NewMemoryLedger()
	loadLastUnits(t, []*httptest.Server{newServer(t, l, 60)}, l, 60)
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
	loadLastUnits(t, []*httptest.Server{a, b}, ledger, 60)
}

func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, "") }()
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
