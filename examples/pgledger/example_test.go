package pgledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
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
