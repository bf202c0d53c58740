package programmes

import (
	"testing"
	_ "time/tzdata" // Sydney's zone, whatever the machine has

	"github.com/outagerelief/relief/eligibility"
	"github.com/shopspring/decimal"
)

func TestEveryFileLoads(t *testing.T) {
	for _, name := range []string{"kakao1015.json", "kt2021.json", "ktahyeon2018.json", "optus2023.json"} {
		load(t, name)
	}
}

func won(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var kst = eligibility.KST()
