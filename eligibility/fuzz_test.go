package eligibility

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// FuzzEntitlements checks that no claimant, report or date panics, that a
// decision always lists every benefit with a reason, and that it marshals.
func FuzzEntitlements(f *testing.F) {
	f.Add(uint8(1), "G47", 3, 60, "420000", int64(1666242000), "Kakao", true, true, int64(1675004400))
	f.Add(uint8(9), "", -1, -5, "-1", int64(0), "", false, false, int64(0))
	f.Add(uint8(1), "S", 1<<62, 744, "1e64", int64(1681516800), "kakao mobility", true, false, int64(1756652400))
	p := Kakao1015()
	kinds := []Kind{GeneralUser, SmallBusiness, Enterprise, "robot"}
	f.Fuzz(func(t *testing.T, kind uint8, sector string, workers, hours int, loss string, filed int64, operator string, phone, channel bool, at int64) {
		l, err := decimal.NewFromString(loss)
		if err != nil {
			l = decimal.Decimal{}
		}
		c := Claimant{ID: "c", Kind: kinds[int(kind)%len(kinds)],
			Business: &Business{Sector: Sector(sector), RegularWorkers: workers, PartTimeHours: []int{hours}, AverageSales: l}}
		if phone {
			c.Attributes = append(c.Attributes, DomesticPhone)
		}
		if channel {
			c.Attributes = append(c.Attributes, TalkChannel)
		}
		reports := []Report{{ID: "r", FiledAt: time.Unix(filed, 0), Operator: operator, Loss: l}}
		d, err := p.Entitlements(c, reports, time.Unix(at, 0))
		if err != nil {
			// An error comes only from bad input, and says which.
			if !slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) }) {
				t.Fatalf("an error that wraps none of the package's sentinels: %v", err)
			}
			declared := slices.Contains(kinds[:3], c.Kind)
			_, sizeErr := p.SmallBusiness(*c.Business, time.Unix(at, 0))
			if declared && checkInstant("at", time.Unix(at, 0)) == nil && p.CheckReport(reports[0]) == nil &&
				(c.Kind != SmallBusiness && c.Kind != Enterprise || sizeErr == nil) {
				t.Fatalf("an error for input that each check finds good: %v", err)
			}
			return
		}
		if len(d.Entitlements) != len(p.Benefits()) {
			t.Fatalf("%d entitlements, want %d", len(d.Entitlements), len(p.Benefits()))
		}
		for i, e := range d.Entitlements {
			if e.Benefit != p.Benefits()[i].Key {
				t.Errorf("entitlement %d is %s, want %s", i, e.Benefit, p.Benefits()[i].Key)
			}
			if len(e.Reasons) == 0 && (e.Granted || e.Benefit != IndividualReview) {
				t.Errorf("%s without a reason", e.Benefit)
			}
		}
		if _, err := json.Marshal(d); err != nil {
			t.Errorf("marshal decision: %v", err)
		}
	})
}

// FuzzSmallBusinessIsMonotone checks that the test never panics, and that
// a business that is small stays small with fewer workers, fewer or
// shorter part-timers and lower sales [P-SB-1..3]: no smaller input makes
// a business not small that a larger one made small.
func FuzzSmallBusinessIsMonotone(f *testing.F) {
	f.Add("G47", false, 4, 60, 3, "5000000000", 0, 1, 0, "1", int64(1756652400))
	f.Add("C31202", true, 9, 59, 100, "12000000000", 2, 1, 30, "0.5", int64(1675004400))
	f.Add("S94", false, 0, 0, 0, "0", 0, 0, 0, "0", int64(0))
	p := Kakao1015()
	f.Fuzz(func(t *testing.T, sector string, seats bool, workers, hours, hours2 int, sales string, fewer, fewerHours, lessHours int, lessSales string, at int64) {
		s, err := decimal.NewFromString(sales)
		if err != nil {
			return
		}
		less, err := decimal.NewFromString(lessSales)
		if err != nil {
			return
		}
		when := time.Unix(at, 0)
		big := Business{Sector: Sector(sector), Seats: seats, RegularWorkers: workers, PartTimeHours: []int{hours, hours2}, AverageSales: s}
		v, err := p.SmallBusiness(big, when)
		if err != nil || !v.Small {
			return
		}
		small := big
		small.RegularWorkers = workers - abs(fewer)%(workers+1)
		small.PartTimeHours = []int{hours - abs(lessHours)%(hours+1)}
		if abs(fewerHours)%2 == 0 {
			small.PartTimeHours = nil
		}
		small.AverageSales = s.Sub(less.Abs())
		if small.AverageSales.Sign() < 0 || checkAmount("", small.AverageSales) != nil {
			return
		}
		w, err := p.SmallBusiness(small, when)
		if err != nil {
			t.Fatalf("a smaller business than a small one is an error: %v", err)
		}
		if !w.Small {
			t.Errorf("%+v is small but the smaller %+v is not", big, small)
		}
	})
}

// FuzzRoute checks that routing never panics, and never gives a report to
// the operator unless it names the operator exactly [P-AFF-1].
func FuzzRoute(f *testing.F) {
	for _, s := range []string{Kakao, KakaoPay, "kakao", "Kakao Bank", "", "\x00"} {
		f.Add(s)
	}
	p := Kakao1015()
	f.Fuzz(func(t *testing.T, operator string) {
		to, affiliate, err := p.Route(operator)
		switch {
		case err != nil:
			if to != "" || affiliate {
				t.Errorf("Route(%q) = %q, %v with error %v", operator, to, affiliate, err)
			}
		case to != operator:
			t.Errorf("Route(%q) = %q", operator, to)
		case !affiliate && operator != Kakao:
			t.Errorf("Route(%q) is Kakao's case", operator)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sentinels are the errors Entitlements wraps for bad input.
var sentinels = []error{ErrUnknownKind, ErrUnknownAttribute, ErrUnknownBase, ErrDuplicateReport, ErrSector, ErrAmbiguousSector,
	ErrUnknownOperator, ErrMainSector, ErrGrace, ErrBeforeTables, ErrNegative, ErrRange, ErrNoTime}

// ParseSector and ParseKind give back what they read: a code that
// parses prints as itself, and parses again to the same value.
func FuzzParseRoundTrip(f *testing.F) {
	for _, s := range []string{"G47", "I56", "S", "C19", "general", "small-business", "A01", " G47", "g47", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if sec, err := ParseSector(s); err == nil {
			again, err := ParseSector(string(sec))
			if err != nil || again != sec {
				t.Fatalf("ParseSector(%q) = %q, which parses to %q, %v", s, sec, again, err)
			}
		} else if !errors.Is(err, ErrSector) && !errors.Is(err, ErrAmbiguousSector) {
			t.Fatalf("ParseSector(%q): %v wraps neither ErrSector nor ErrAmbiguousSector", s, err)
		}
		if k, err := ParseKind(s); err == nil {
			again, err := ParseKind(k.String())
			if err != nil || again != k {
				t.Fatalf("ParseKind(%q) = %q, which parses to %q, %v", s, k, again, err)
			}
		} else if !errors.Is(err, ErrUnknownKind) {
			t.Fatalf("ParseKind(%q): %v does not wrap ErrUnknownKind", s, err)
		}
	})
}
