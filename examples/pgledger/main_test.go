package pgledger_test

import (
	"os"
	"testing"

	"github.com/outagerelief/relief/examples/pgledger/pgtest"
)

// TestMain starts a throwaway PostgreSQL for the tests where none is
// named and one is installed (see pgtest.Main).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
