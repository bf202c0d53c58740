// Command service serves the Kakao 1015 programme as an HTTP JSON API and
// issues grants through a ledger: PostgreSQL when a database URL is given
// (-db or RELIEF_DATABASE_URL), so that every replica shares one cap of
// 3,000,000 Talk Drawer passes, and in memory otherwise.
//
//	go run ./examples/service -addr 127.0.0.1:8080 -db postgres://user@host/db
//
// Endpoints:
//
//	POST /v1/decisions  {"claimant": {...}, "reports": [...], "at": "2023-04-14"}
//	POST /v1/grants     {"item": "kakao1015/talk-drawer-plus-1m", "recipient": "u1", "at": "2023-01-05T09:00:00+09:00"}
//	GET  /v1/items/{id}
//	GET  /healthz
//
// A retried grant request gets the grant already issued; a sold-out item
// is 409, a claim outside its window 403; bad JSON, unknown fields,
// oversized bodies and wrong methods are 4xx; every error is a JSON
// object {"status": ..., "error": ...}. It shuts down gracefully on
// SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen `address`")
	db := flag.String("db", os.Getenv("RELIEF_DATABASE_URL"), "PostgreSQL `URL` (default $RELIEF_DATABASE_URL; in memory when empty)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "service: %v\n", err)
		os.Exit(1)
	}
	if err := serve(ctx, ln, *db); err != nil {
		fmt.Fprintf(os.Stderr, "service: %v\n", err)
		os.Exit(1)
	}
}

// serve runs the service on ln until ctx is done, then shuts down
// gracefully: in-flight requests get up to 10 seconds to finish.
func serve(ctx context.Context, ln net.Listener, db string) error {
	p, err := programme.Kakao1015(grants.DefaultOptions())
	if err != nil {
		return err
	}
	var ledger grants.Ledger = grants.NewMemoryLedger()
	store := "memory"
	if db != "" {
		pool, err := pgxpool.New(ctx, db)
		if err != nil {
			return fmt.Errorf("database: %w", err)
		}
		defer pool.Close()
		if ledger, err = pgledger.New(ctx, pool); err != nil {
			return err
		}
		store = "PostgreSQL"
	}
	srv := &http.Server{
		Handler:           (&server{p: p, ledger: ledger, now: time.Now}).handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Printf("service: listening on %s, ledger in %s", ln.Addr(), store)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Printf("service: shutting down")
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
