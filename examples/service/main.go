// Command service serves the Kakao 1015 programme as an HTTP JSON API and
// issues grants through a ledger: PostgreSQL when a database URL is given
// (-db or RELIEF_DATABASE_URL), so that every replica shares one cap of
// 3,000,000 Talk Drawer passes, and in memory otherwise.
//
//	RELIEF_API_TOKEN=secret go run ./examples/service -addr :8080 -db postgres://user@host/db
//	go run ./examples/service -now 2023-01-05T09:00:00+09:00     # a demo on loopback, the clock set back
//
// Endpoints:
//
//	POST /v1/claims     {"claimant": {...}, "reports": [...]}: decide, then issue what the decision entitles
//	POST /v1/decisions  {"claimant": {...}, "reports": [...], "at": "2023-06-01"}: a what-if, issuing nothing
//	GET  /v1/items/{id} an item's issued count and cap
//	GET  /healthz       the process lives
//	GET  /readyz        the ledger's database answers
//	GET  /metrics       Prometheus text format (client_golang, with the Go and process metrics)
//	GET  /openapi.json  the OpenAPI 3.1 document of them all (openapi.json, embedded)
//
// With a database, the ledger's schema is migrated at start (-migrate
// does only that, and stops); a schema newer than the build is refused.
// Issuing uses the server's clock, never a time in the request. POST
// /v1/claims requires "Authorization: Bearer $RELIEF_API_TOKEN"; without
// a token the service listens on loopback only. Every ledger call has a
// deadline (-db-timeout): a database that is down or stalled is a 503
// with Retry-After within it. Errors are JSON {"status", "error",
// "requestId"}; a 5xx never carries internal detail, which goes to the
// structured log (JSON on standard error) under the same request ID. It
// shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // a programme file may name any zone

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

// config is what serve needs besides its listener.
type config struct {
	db        string         // PostgreSQL URL; "" for a ledger in memory
	token     string         // RELIEF_API_TOKEN; "" allows loopback only
	dbTimeout time.Duration  // the deadline of every ledger call
	now       time.Time      // the clock's start, for demos and tests; zero for the real clock
	programme programme.Plan // what to serve; the zero Plan is Kakao 1015
	log       *slog.Logger
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen `address`")
	db := flag.String("db", os.Getenv("RELIEF_DATABASE_URL"), "PostgreSQL `URL` (default $RELIEF_DATABASE_URL; in memory when empty)")
	timeout := flag.Duration("db-timeout", 2*time.Second, "the deadline of every ledger call: past it, a 503")
	now := flag.String("now", "", "start the issuer's clock at this RFC 3339 `instant` (demos and tests); it runs on from there")
	file := flag.String("programme", "", "the programme `FILE` (JSON, see examples/programmes) to serve (default: Kakao 1015)")
	migrate := flag.Bool("migrate", false, "bring the database's schema (-db) to this build's, say each step, and stop (the service also does it when it starts)")
	flag.Parse()
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	fail := func(err error) {
		log.Error("service stopped", "error", err.Error())
		os.Exit(1)
	}
	if *migrate {
		if err := migrateSchema(context.Background(), *db, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "service: -migrate: %v\n", err)
			os.Exit(1)
		}
		return
	}
	c := config{db: *db, token: os.Getenv("RELIEF_API_TOKEN"), dbTimeout: *timeout, log: log}
	p, perr := programme.Open(*file)
	if perr != nil {
		fmt.Fprintf(os.Stderr, "service: -programme: %v\n", perr)
		os.Exit(2)
	}
	c.programme = p
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err == nil {
			err = grants.CheckInstant("-now", t)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "service: -now %q: want an RFC 3339 instant like 2023-01-05T09:00:00+09:00, from 1970 to 2199\n", *now)
			os.Exit(2)
		}
		c.now = t
	}
	if *timeout <= 0 || *timeout > time.Minute {
		fmt.Fprintf(os.Stderr, "service: -db-timeout %s: want more than 0 and at most a minute\n", *timeout)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := listen(*addr, c.token)
	if err != nil {
		fail(err)
	}
	if err := serve(ctx, ln, c); err != nil {
		fail(err)
	}
}

// openPool opens a pool on the database at url; its error never echoes
// the URL, which may hold a password.
func openPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, errors.New("database: the URL does not parse")
	}
	return pool, nil
}

// migrateSchema brings the ledger's schema in the database at url to
// this build's, and says on w each step it applied, or that there was
// none.
func migrateSchema(ctx context.Context, url string, w io.Writer) error {
	if url == "" {
		return errors.New("no database: give -db URL or set RELIEF_DATABASE_URL")
	}
	pool, err := openPool(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	steps, err := pgledger.Migrate(ctx, pool)
	if err != nil {
		return err
	}
	for _, m := range steps {
		fmt.Fprintf(w, "applied %d: %s\n", m.Version, m.File)
	}
	db, _, err := pgledger.SchemaVersion(ctx, pool)
	if err != nil {
		return err
	}
	if len(steps) == 0 {
		fmt.Fprintf(w, "the schema is at version %d, this build's: nothing to do\n", db)
	} else {
		fmt.Fprintf(w, "the schema is at version %d\n", db)
	}
	return nil
}

// listen opens addr; without a token, only on a loopback address.
func listen(addr, token string) (net.Listener, error) {
	if token == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("-addr %s: without RELIEF_API_TOKEN the service listens on loopback only (127.0.0.1:PORT)", addr)
		}
	}
	return net.Listen("tcp", addr)
}

// clock returns the issuer's clock: the real one, or one that starts at
// start and runs on, at microsecond precision (what the database keeps).
func clock(start time.Time) func() time.Time {
	if start.IsZero() {
		return func() time.Time { return time.Now().Truncate(time.Microsecond) }
	}
	origin := time.Now()
	return func() time.Time { return start.Add(time.Since(origin)).Truncate(time.Microsecond) }
}

// serve runs the service on ln until ctx is done, then shuts down
// gracefully: in-flight requests get up to 10 seconds to finish.
func serve(ctx context.Context, ln net.Listener, c config) error {
	if c.log == nil {
		c.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if c.dbTimeout == 0 {
		c.dbTimeout = 2 * time.Second
	}
	p := c.programme
	if !p.IsValid() {
		p = programme.Kakao1015()
	}
	s := &server{p: p, ledger: grants.NewMemoryLedger(), clock: clock(c.now), token: c.token,
		dbTimeout: c.dbTimeout, log: c.log}
	store := "memory"
	if c.db != "" {
		pool, err := openPool(ctx, c.db)
		if err != nil {
			return err
		}
		defer pool.Close()
		setup, cancel := context.WithTimeout(ctx, time.Minute)
		l, err := pgledger.New(setup, pool)
		if err == nil {
			err = prepare(setup, l, p.Catalogue())
		}
		cancel()
		if err != nil {
			return fmt.Errorf("database: %w", err)
		}
		s.ledger, s.ping, store = l, pool.Ping, "PostgreSQL"
	}
	srv := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(c.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	c.log.Info("listening", "addr", ln.Addr().String(), "ledger", store, "dbTimeout", c.dbTimeout.String(),
		"auth", c.token != "", "clock", clockName(c.now))
	if c.token == "" {
		c.log.Warn("no RELIEF_API_TOKEN: the issuing endpoint is open to any local caller, and the service listens on loopback only")
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	c.log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// prepare registers each capped item of the catalogue with the ledger
// and brings its sweep for serials left over up to date (see
// pgledger.Ledger.Prepare), before the service takes a claim: so no claim
// at the sell-out sweeps grants this service did not issue.
func prepare(ctx context.Context, l *pgledger.Ledger, cat grants.Catalogue) error {
	for _, it := range cat.Items() {
		if it.Cap > 0 {
			if err := l.Prepare(ctx, it.ID, it.Cap); err != nil {
				return fmt.Errorf("preparing %s: %w", it.ID, err)
			}
		}
	}
	return nil
}

func clockName(start time.Time) string {
	if start.IsZero() {
		return "real"
	}
	return "from " + start.Format(time.RFC3339)
}
