package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/pgledger/pgtest"
	"github.com/outagerelief/relief/grants"
)

// faultServer is a PostgreSQL server of the fault test's own, with fsync
// on, that it restarts, crashes and freezes.
type faultServer struct{ *pgtest.Server }

// startFaultServer initialises and starts a server on a free loopback
// port. It needs RELIEF_TEST_PG_BIN (bash .ci/run sets it, and so does
// pgtest.Main where PostgreSQL is installed); without it the test fails,
// or skips where RELIEF_TEST_DATABASE=skip (pgtest.Env).
func startFaultServer(t *testing.T) *faultServer {
	t.Helper()
	bin := pgtest.Env(t, "RELIEF_TEST_PG_BIN")
	srv, err := pgtest.StartServer(bin, os.Getenv("RELIEF_TEST_PG_USER"), true)
	if err != nil {
		t.Fatal(err)
	}
	s := &faultServer{srv}
	t.Cleanup(func() {
		s.signal(syscall.SIGCONT)
		s.Stop()
	})
	return s
}

// signal sends sig to the postmaster and every process it started.
func (s *faultServer) signal(sig syscall.Signal) {
	data, err := os.ReadFile(filepath.Join(s.Data, "postmaster.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]))
	if err != nil {
		return
	}
	pids := []int{pid}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: the fields after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			pids = append(pids, child)
		}
	}
	for _, p := range pids {
		syscall.Kill(p, sig)
	}
}

// faultLoad is a run of claims against two replicas, recording every
// grant a 200 acknowledged.
type faultLoad struct {
	servers []*httptest.Server
	mu      sync.Mutex
	acked   map[string]map[string]int64 // recipient -> item -> serial
	status  map[int]int
	soldOut int // Drawer passes answered sold out
	slowest time.Duration
	workers int // 8 when 0
	// phase, where set, names the part of the run an answer came in
	// (before a fault, during it, after it); byPhase counts statuses per
	// phase.
	phase   func() string
	byPhase map[string]map[int]int
}

func (l *faultLoad) claim(ctx context.Context, i int, who string) (int, time.Duration) {
	ts := l.servers[i%len(l.servers)]
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/claims", strings.NewReader(fmt.Sprintf(userClaim, who)))
	req.Header.Set("Authorization", "Bearer "+testToken)
	start := time.Now()
	res, err := ts.Client().Do(req)
	took := time.Since(start)
	if err != nil {
		return 0, took
	}
	defer res.Body.Close()
	var body claimResponse
	json.NewDecoder(res.Body).Decode(&body)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.status[res.StatusCode]++
	if l.phase != nil {
		ph := l.phase()
		if l.byPhase[ph] == nil {
			l.byPhase[ph] = map[int]int{}
		}
		l.byPhase[ph][res.StatusCode]++
	}
	l.slowest = max(l.slowest, took)
	if res.StatusCode == http.StatusOK {
		for _, g := range body.Grants {
			if g.Item == grants.DrawerPlus && g.Status == "sold-out" {
				l.soldOut++
			}
			if g.Grant != nil {
				if l.acked[who] == nil {
					l.acked[who] = map[string]int64{}
				}
				l.acked[who][g.Item] = g.Grant.Serial
			}
		}
	}
	return res.StatusCode, took
}

// run sends claims from l.workers workers until stop is closed; each
// worker retries its recipient after a failure, so some claims are
// retries.
func (l *faultLoad) run(ctx context.Context, stop <-chan struct{}) {
	var wg sync.WaitGroup
	for w := range cmp.Or(l.workers, 8) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; {
				select {
				case <-stop:
					return
				default:
				}
				if status, _ := l.claim(ctx, w+n, fmt.Sprintf("w%d-%d", w, n)); status == http.StatusOK {
					n++
				} else {
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
}

func waitReady(t *testing.T, ts *httptest.Server) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(ts.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the service did not become ready again")
}

// TestFaults runs two service replicas under load over a capped item's
// last units while their PostgreSQL server is restarted (fast), crashed
// (immediate) and frozen (SIGSTOP past the deadline). Afterwards the cap
// holds, no recipient holds an item twice, every acknowledged grant is in
// the database, every retry returns the same grant, and the service
// recovered without a restart.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault test restarts a database server")
	}
	pg := startFaultServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const drawerCap = 1000 // runs out during the first two faults, with or without -race
	const deadline = 500 * time.Millisecond
	var servers []*httptest.Server
	var pool *pgxpool.Pool
	for range 2 {
		p, err := pgxpool.New(ctx, pg.URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		pool = p
		l, err := pgledger.New(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		s := newTestServer(t, l, drawerCap, testNow)
		s.ping, s.dbTimeout = p.Ping, deadline
		ts := httptest.NewServer(validated(t, s.handler()))
		t.Cleanup(ts.Close)
		servers = append(servers, ts)
	}
	load := &faultLoad{servers: servers, acked: map[string]map[string]int64{}, status: map[int]int{}}

	for _, fault := range []struct {
		name   string
		inject func(t *testing.T)
	}{
		{"pg_ctl restart -m fast", func(t *testing.T) {
			if out, err := pg.PgCtl("restart", "-m", "fast", "-w", "-t", "60"); err != nil {
				t.Fatalf("restart: %v\n%s", err, out)
			}
		}},
		{"pg_ctl restart -m immediate (a crash)", func(t *testing.T) {
			if out, err := pg.PgCtl("restart", "-m", "immediate", "-w", "-t", "60"); err != nil {
				t.Fatalf("restart: %v\n%s", err, out)
			}
		}},
		{"the server frozen past the deadline", func(t *testing.T) {
			pg.signal(syscall.SIGSTOP)
			defer pg.signal(syscall.SIGCONT)
			time.Sleep(deadline)
			for i := range 4 {
				status, took := load.claim(ctx, i, fmt.Sprintf("frozen-%d", i))
				if status != http.StatusServiceUnavailable || took > 2*deadline+time.Second {
					t.Errorf("a claim while frozen: status %d after %s; want 503 within the deadline", status, took)
				}
			}
			time.Sleep(2 * deadline)
		}},
	} {
		t.Run(fault.name, func(t *testing.T) {
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { load.run(ctx, stop); close(done) }()
			defer func() { close(stop); <-done }()
			time.Sleep(700 * time.Millisecond)
			fault.inject(t)
			for _, ts := range servers {
				waitReady(t, ts)
			}
			time.Sleep(700 * time.Millisecond)
		})
	}
	load.mu.Lock()
	t.Logf("statuses %v, slowest answer %s, %d recipients acknowledged, %d Drawer passes answered sold out", load.status, load.slowest, len(load.acked), load.soldOut)
	if load.status[http.StatusInternalServerError] > 0 {
		t.Errorf("%d answers were 500: a database fault must be a 503", load.status[http.StatusInternalServerError])
	}
	if load.slowest > 2*deadline+2*time.Second {
		t.Errorf("the slowest answer took %s, past the deadline of %s", load.slowest, deadline)
	}

	// The cap held, exactly once the load met a sold-out pass (serials a
	// crash skipped included), and no recipient holds an item twice.
	var n int64
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM relief_held WHERE item = $1`, grants.DrawerPlus).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > drawerCap || load.soldOut > 0 && n != drawerCap {
		t.Errorf("%d Drawer passes in the database, cap %d, %d claims found them sold out", n, drawerCap, load.soldOut)
	}
	if n < drawerCap {
		t.Logf("the load issued %d of the %d passes", n, drawerCap)
	}
	var twice int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT item, serial FROM relief_held
		WHERE item = $1 GROUP BY item, serial HAVING count(*) > 1) d`, grants.DrawerPlus).Scan(&twice); err != nil || twice != 0 {
		t.Errorf("%d Drawer serials held twice (%v)", twice, err)
	}
	// Every acknowledged grant is there, and a retry returns it.
	for who, items := range load.acked {
		for item, serial := range items {
			var got int64
			if err := pool.QueryRow(ctx, `SELECT serial FROM relief_held WHERE item = $1 AND recipient = $2`, item, who).Scan(&got); err != nil || got != serial {
				t.Errorf("acknowledged %s to %s, serial %d: in the database %d, %v", item, who, serial, got, err)
			}
		}
	}
	load.mu.Unlock()
	checked := 0
	for who, items := range load.acked {
		if checked == 50 {
			break
		}
		checked++
		r := post(t, servers[checked%2], "/v1/claims", fmt.Sprintf(userClaim, who))
		list, _ := r.body["grants"].([]any)
		for _, g := range list {
			m := g.(map[string]any)
			item := m["item"].(string)
			serial, had := items[item]
			grant, _ := m["grant"].(map[string]any)
			if had && (m["status"] != "held" || grant == nil || int64(grant["serial"].(float64)) != serial) {
				t.Errorf("a retry for %s: %s is %v, want the grant held, serial %d", who, item, m, serial)
			}
		}
	}
}

// TestSellOutAtThreeMillion is the sell-out at the real cap: 3,000,000
// Talk Drawer passes [P-DRAWER-1], the first 2,999,990 loaded in bulk (so the ledger
// issued none of them), claimed by 16 clients with a deadline of a
// second, and the database crashed and restarted the moment the first
// claim finds them sold out. Once with no serial lost, once with 25 lost
// across the range (the bulk swept again, as a ledger that never saw it
// would). Every claim is answered within its deadline; the only 503s are
// while the database is down; the item ends with every serial from 1 to
// 3,000,000 held once.
func TestSellOutAtThreeMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("the sell-out test loads 3,000,000 grants into a database server of its own")
	}
	pg := startFaultServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const drawerCap, loaded = 3_000_000, 2_999_990 // [P-DRAWER-1] the cap
	const deadline = time.Second
	pool, err := pgxpool.New(ctx, pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pgledger.New(ctx, pool); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	pgtest.Load(t, pool, grants.DrawerPlus, loaded, nil)
	if _, err := pool.Exec(ctx, `CHECKPOINT`); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d passes in %s", loaded, time.Since(start).Round(time.Millisecond))
	lost := []int64{1, 2, 3}
	for i := int64(1); i <= 22; i++ {
		lost = append(lost, i*136_000+int64(i)*7)
	}
	for _, tt := range []struct {
		name string
		lost []int64
	}{
		{"with no serial lost", nil},
		{"with 25 serials lost across the range", lost},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.lost != nil {
				// The passes at those serials never issued, and the bulk
				// not yet swept: what a ledger meets that never saw it.
				for _, q := range []string{`DELETE FROM relief_grants WHERE item_id = (SELECT id FROM relief_items WHERE item = $1) AND capped AND serial = ANY($2)`,
					`UPDATE relief_items SET swept = 0 WHERE item = $1 AND $2::bigint[] IS NOT NULL`,
					`DELETE FROM relief_free WHERE item = $1 AND $2::bigint[] IS NOT NULL`} {
					if _, err := pool.Exec(ctx, q, grants.DrawerPlus, tt.lost); err != nil {
						t.Fatal(err)
					}
				}
			}
			sellOutAfterBulk(t, ctx, pg, drawerCap, deadline)
		})
	}
}

// sellOutAfterBulk starts a service replica on pg (as a restart of the
// service would), prepares its ledger, and claims until the Drawer pass
// sells out, restarting the database at the first sold-out answer.
func sellOutAfterBulk(t *testing.T, ctx context.Context, pg *faultServer, drawerCap int64, deadline time.Duration) {
	p, err := pgxpool.New(ctx, pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	l, err := pgledger.New(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, l, drawerCap, testNow)
	start := time.Now()
	if err := prepare(ctx, l, s.p.Catalogue()); err != nil {
		t.Fatal(err)
	}
	t.Logf("prepared in %s", time.Since(start).Round(time.Millisecond))
	s.ping, s.dbTimeout = p.Ping, deadline
	ts := httptest.NewServer(validated(t, s.handler()))
	defer ts.Close()
	var phase sync.Mutex
	current := "before the restart"
	load := &faultLoad{servers: []*httptest.Server{ts}, acked: map[string]map[string]int64{}, status: map[int]int{},
		workers: 16, byPhase: map[string]map[int]int{},
		phase: func() string { phase.Lock(); defer phase.Unlock(); return current }}
	setPhase := func(name string) { phase.Lock(); current = name; phase.Unlock() }
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { load.run(ctx, stop); close(done) }()
	soldOut := func() int { load.mu.Lock(); defer load.mu.Unlock(); return load.soldOut }
	for soldOut() == 0 && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	setPhase("during the restart")
	if out, err := pg.PgCtl("restart", "-m", "immediate", "-w", "-t", "60"); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	waitReady(t, ts)
	time.Sleep(deadline) // a claim sent while it was down may still be answering
	setPhase("after the restart")
	time.Sleep(2 * time.Second)
	close(stop)
	<-done
	load.mu.Lock()
	defer load.mu.Unlock()
	t.Logf("statuses %v, slowest answer %s, %d passes answered sold out", load.byPhase, load.slowest, load.soldOut)
	for _, ph := range []string{"before the restart", "after the restart"} {
		for status, n := range load.byPhase[ph] {
			if status != http.StatusOK {
				t.Errorf("%d answers %s were %d, want 200", n, ph, status)
			}
		}
	}
	if load.byPhase["after the restart"][http.StatusOK] == 0 {
		t.Error("no claim was answered after the restart")
	}
	if load.slowest > deadline+time.Second {
		t.Errorf("the slowest answer took %s, past the deadline of %s", load.slowest, deadline)
	}
	pgtest.CheckSoldOut(t, p, grants.DrawerPlus, drawerCap)
}
