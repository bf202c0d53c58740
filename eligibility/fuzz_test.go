package eligibility

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// FuzzEntitlements checks that no claimant, report or date panics, that a
// decision always lists every benefit with a reason, and that it marshals.
func FuzzEntitlements(f *testing.F) {
	f.Add(uint8(2), "retail", 3, 60, "420000", int64(1666242000), "Kakao", true, true, int64(1675004400))
	f.Add(uint8(9), "", -1, -5, "-1", int64(0), "", false, false, int64(0))
	p := Kakao1015()
	f.Fuzz(func(t *testing.T, kind uint8, sector string, workers, hours int, loss string, filed int64, operator string, phone, channel bool, at int64) {
		l, err := decimal.NewFromString(loss)
		if err != nil {
			l = decimal.Decimal{}
		}
		c := Claimant{ID: "c", Kind: Kind(kind), DomesticPhone: phone, TalkChannel: channel,
			Business: &Business{Sector: Sector(sector), RegularWorkers: workers, PartTimeHours: []int{hours}, AverageSales: l}}
		reports := []Report{{ID: "r", FiledAt: time.Unix(filed, 0), Operator: operator, Loss: l}}
		d, err := p.Entitlements(c, reports, time.Unix(at, 0))
		if err != nil {
			return
		}
		if len(d.Entitlements) != len(Benefits()) {
			t.Fatalf("%d entitlements, want %d", len(d.Entitlements), len(Benefits()))
		}
		for _, e := range d.Entitlements {
			if len(e.Reasons) == 0 {
				t.Errorf("%s without a reason", e.Benefit)
			}
		}
		if _, err := json.Marshal(d); err != nil {
			t.Errorf("marshal decision: %v", err)
		}
	})
}
