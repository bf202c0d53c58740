package pgledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/pgledger"
	"github.com/outagerelief/relief/grants"
)

// A ledger on the database $RELIEF_DATABASE_URL names, issuing the Talk
// Drawer Plus pass of Kakao 1015 within its cap: New migrates the schema
// first, Prepare sweeps grants loaded from elsewhere, and a retry returns
// the grant already issued. (It needs a server, so it has no Output to
// check: the package's tests run the same calls against one.)
func ExampleNew() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("RELIEF_DATABASE_URL"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	l, err := pgledger.New(ctx, pool)
	var newer *pgledger.SchemaError
	switch {
	case errors.As(err, &newer):
		fmt.Println("a newer build migrated this database:", newer)
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	pass, err := grants.Kakao1015().Item(grants.DrawerPlus)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.Prepare(ctx, pass.ID, pass.Cap); err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2023, 1, 5, 10, 0, 0, 0, grants.KST())
	for range 2 { // the second is a retry: the same grant
		g, err := pass.Claim(ctx, l, "user-1", at)
		switch {
		case errors.Is(err, grants.ErrSoldOut):
			fmt.Println("sold out")
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Println(g.Item, "serial", g.Serial, "expires", g.Expires.Format(time.DateOnly))
		}
	}
}

// A bulk issue: every domestic user of a list credited with the heart
// package's emoticons and its capped Drawer pass, at the moment the
// claim window opened. Called again with the same requests (after a
// crash), it issues nothing twice: each is counted held.
func ExampleLedger_IssueBulk() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("RELIEF_DATABASE_URL"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	l, err := pgledger.New(ctx, pool)
	if err != nil {
		fmt.Println(err)
		return
	}
	cat := grants.Kakao1015()
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	var batch []grants.Request
	for _, user := range []string{"user-1", "user-2", "user-3"} {
		for _, it := range cat.ForBenefit(eligibility.EmoticonBundle) {
			r, err := it.Request(user, at)
			if err != nil {
				fmt.Println(err)
				return
			}
			batch = append(batch, r)
		}
		pass, _ := cat.Item(grants.DrawerPlus)
		if r, err := pass.Request(user, at); err == nil {
			batch = append(batch, r)
		}
	}
	tallies, err := l.IssueBulk(ctx, batch)
	if err != nil {
		fmt.Println(err) // part may be issued: call it again to finish
		return
	}
	for _, t := range tallies {
		fmt.Printf("%s: %d issued, %d held, %d sold out\n", t.Item, t.New, t.Held, t.SoldOut)
	}
}
