package grants_test

import (
	"testing"

	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/grants/ledgertest"
)

func TestMemoryLedgerConforms(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) grants.Ledger { return grants.NewMemoryLedger() })
}
