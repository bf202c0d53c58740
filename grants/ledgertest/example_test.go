package ledgertest_test

import (
	"fmt"
	"testing"

	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/grants/ledgertest"
)

// A Ledger's own test runs the suite; this Example runs it on the memory
// ledger through testing.RunTests, as `go test` would run the test.
//
//	func TestMyLedger(t *testing.T) {
//		ledgertest.Run(t, func(t *testing.T) grants.Ledger { return newMyLedger(t) })
//	}
func ExampleRun() {
	all := func(pat, str string) (bool, error) { return true, nil }
	ok := testing.RunTests(all, []testing.InternalTest{{
		Name: "TestMemoryLedger",
		F: func(t *testing.T) {
			ledgertest.Run(t, func(t *testing.T) grants.Ledger { return grants.NewMemoryLedger() })
		},
	}})
	fmt.Println("the memory ledger conforms:", ok)
	// Output:
	// the memory ledger conforms: true
}
