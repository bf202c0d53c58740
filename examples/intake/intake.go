// Package intake generates the synthetic intake the simulator runs on by
// default: 105,116 damage reports whose tally equals the breakdown the
// 1015 council published [P-INTAKE-1, P-INTAKE-2], grouped into claimants,
// generated deterministically from a fixed seed. The data are synthetic:
// generated to match published counts, not real claims.
package intake

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// The published breakdown the synthetic intake reproduces exactly.
const (
	// [P-INTAKE-1] 105,116 reports in all, 87,195 of them Kakao's own cases.
	TotalReports = 105_116
	KakaoCases   = 87_195
	// [P-INTAKE-2] (B) among Kakao's cases: small businesses and mid/large companies.
	SmallBusinessCases = 17_433
	EnterpriseCases    = 151
	// [P-INTAKE-2] (A) paid-service reports and free-service reports with money lost;
	// (B) reports with no money lost.
	PaidCases          = 14_918
	FreeMoneyLostCases = 13_195
	NoMoneyLostCases   = 59_082
)

// Seed makes the synthetic intake the same on every run.
const Seed = 1015

var kst = eligibility.KST()

// Synthetic generates the embedded intake: 105,116 reports whose
// tally equals the published breakdown [P-INTAKE-1, P-INTAKE-2], grouped
// into claimants (some with several reports), with losses spread around
// the band bounds and a few reports outside the intake windows. The data
// are synthetic: generated, not real claims; so are the times the
// claimants claim their items (claimedAt).
func Synthetic() []programme.Claim {
	rng := rand.New(rand.NewPCG(Seed, 2022))

	// Kakao's cases: a kind and a money category each, shuffled apart.
	kinds := make([]eligibility.Kind, 0, TotalReports)
	kinds = fill(kinds, SmallBusinessCases, eligibility.SmallBusiness)
	kinds = fill(kinds, EnterpriseCases, eligibility.Enterprise)
	kinds = fill(kinds, KakaoCases-SmallBusinessCases-EnterpriseCases, eligibility.GeneralUser)
	type money uint8
	const (
		none money = iota
		paid
		freeLost
	)
	moneys := make([]money, 0, KakaoCases)
	moneys = fill(moneys, PaidCases, paid)
	moneys = fill(moneys, FreeMoneyLostCases, freeLost)
	moneys = fill(moneys, NoMoneyLostCases, none)
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	rng.Shuffle(len(moneys), func(i, j int) { moneys[i], moneys[j] = moneys[j], moneys[i] })

	type report struct {
		kind     eligibility.Kind
		operator string
		money    money
	}
	reports := make([]report, 0, TotalReports)
	for i, k := range kinds {
		reports = append(reports, report{k, eligibility.Kakao, moneys[i]})
	}
	// The affiliates' reports: taxi drivers, PC cafés, sellers and users.
	affiliates := []string{eligibility.KakaoMobility, eligibility.KakaoMobility, eligibility.KakaoGames, eligibility.KakaoEntertainment, eligibility.KakaoPay}
	for range TotalReports - KakaoCases {
		k := eligibility.GeneralUser
		if rng.IntN(2) == 0 {
			k = eligibility.SmallBusiness
		}
		reports = append(reports, report{k, affiliates[rng.IntN(len(affiliates))], money(rng.IntN(3))})
	}
	rng.Shuffle(len(reports), func(i, j int) { reports[i], reports[j] = reports[j], reports[i] })

	var claims []programme.Claim
	last := map[eligibility.Kind]int{} // the latest claimant of each kind, by index, plus one
	for n, r := range reports {
		ci := last[r.kind] - 1
		// About one report in sixteen comes from a claimant who reported before.
		if ci < 0 || rng.IntN(16) != 0 {
			ci = len(claims)
			claims = append(claims, programme.Claim{Claimant: syntheticClaimant(rng, len(claims), r.kind)})
			last[r.kind] = ci + 1
		}
		c := &claims[ci]
		rep := eligibility.Report{
			ID:        serial('r', n+1),
			FiledAt:   filedAt(rng, r.kind),
			Operator:  r.operator,
			Service:   services[rng.IntN(len(services))],
			Paid:      r.money == paid,
			MoneyLost: r.money == freeLost,
		}
		if r.money != none {
			rep.Loss = syntheticLoss(rng, r.kind)
		}
		c.Reports = append(c.Reports, rep)
	}
	// Claim times from a stream of their own, in claimant order, so that
	// the rest is what it was before claims had times.
	times := rand.New(rand.NewPCG(Seed, 2023))
	for i := range claims {
		claims[i].ClaimedAt = claimedAt(times)
	}
	return claims
}

// serial returns an ID such as "c000042": the prefix and n in six digits.
func serial(prefix byte, n int) string {
	b := make([]byte, 0, 8)
	b = append(b, prefix)
	for d := 100_000; d > 1 && n < d; d /= 10 {
		b = append(b, '0')
	}
	return string(strconv.AppendInt(b, int64(n), 10))
}

var services = []string{"KakaoTalk", "KakaoTalk Channel", "Kakao Map", "KakaoTalk gifts", "Daum Mail", "Kakao Page"}

func fill[T any](s []T, n int, v T) []T {
	for range n {
		s = append(s, v)
	}
	return s
}

// sectors are the small businesses' KSIC codes, weighted by repetition.
var sectors = []eligibility.Sector{
	eligibility.Retail, eligibility.Retail, "G47112", eligibility.FoodService, "I56221",
	eligibility.PersonalService, eligibility.Education, eligibility.Information, eligibility.FoodProducts,
	eligibility.Transport, eligibility.Professional, eligibility.Arts,
}

func syntheticClaimant(rng *rand.Rand, n int, k eligibility.Kind) eligibility.Claimant {
	c := eligibility.Claimant{ID: serial('c', n+1), Kind: k}
	if rng.IntN(50) != 0 { // 2% overseas numbers [P-EMO-3]
		c.Attributes = append(c.Attributes, eligibility.DomesticPhone)
	}
	if k != eligibility.SmallBusiness {
		return c
	}
	if rng.IntN(3) == 0 {
		c.Attributes = append(c.Attributes, eligibility.TalkChannel)
	}
	b := &eligibility.Business{Sector: sectors[rng.IntN(len(sectors))], RegularWorkers: rng.IntN(5)}
	if rng.IntN(12) == 0 {
		b.RegularWorkers += 5 // some are too big for the test [P-SB-1]
	}
	for range rng.IntN(3) {
		b.PartTimeHours = append(b.PartTimeHours, 20+rng.IntN(100)) // both sides of 60 hours [P-SB-2]
	}
	// Average annual sales from 30 million to about 1.2 billion won.
	b.AverageSales = decimal.NewFromInt(int64(30+rng.IntN(1200)) * 1_000_000)
	c.Business = b
	return c
}

// filedAt spreads reports over the reporting window, with a few before
// and after it and, for small businesses, some in the second intake.
func filedAt(rng *rand.Rand, k eligibility.Kind) time.Time {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, kst) }
	within := func(from time.Time, days int) time.Time {
		return from.Add(time.Duration(rng.Int64N(int64(days) * int64(24*time.Hour))))
	}
	switch p := rng.IntN(100); {
	case p < 2:
		return within(day(2022, 10, 17), 2) // before the window opened
	case p < 5 && k == eligibility.SmallBusiness:
		return within(day(2023, 2, 13), 15) // the second intake [P-INTAKE-3]
	case p < 5:
		return within(day(2022, 11, 7), 14) // after the window closed
	}
	return within(day(2022, 10, 19), 19) // the reporting window [P-INTAKE-3]
}

// syntheticLoss draws a loss in whole won: log-normal around the median
// of 300,000 won the band limits were set from [P-CASH-1], with some
// losses exactly on and next to the band bounds.
func syntheticLoss(rng *rand.Rand, k eligibility.Kind) decimal.Decimal {
	if k == eligibility.SmallBusiness && rng.IntN(25) == 0 {
		bounds := []int64{300_000, 300_001, 500_000, 500_001}
		return decimal.NewFromInt(bounds[rng.IntN(len(bounds))])
	}
	median := 300_000.0
	if k == eligibility.GeneralUser {
		median = 20_000
	}
	won := math.Round(median * math.Exp(0.8*rng.NormFloat64()))
	return decimal.NewFromInt(int64(max(won, 1)))
}

// Generate produces a synthetic claims stream of about n reports with the
// published intake's mix [P-INTAKE-1, P-INTAKE-2]: each report is Kakao's
// own case with the published share (the rest go to the affiliates), its
// claimant's kind and its money category drawn with the published
// shares; about one claimant in sixteen files more than one report.
// Claimants come in order of their IDs ("c000000001", ...), each with all
// its reports, so the stream is sorted by claimant. It is deterministic
// for a seed, and stops early when yield returns false. Each claimant
// also claims their items at an invented time (claimedAt), drawn from a
// stream of its own, so that the rest is what it was before claims had
// times.
func Generate(n int, seed uint64, yield func(programme.Claim) bool) {
	rng := rand.New(rand.NewPCG(seed, 2022))
	claims := rand.New(rand.NewPCG(seed, 2023))
	reports := 0
	for c := 1; reports < n; c++ {
		kakao := rng.IntN(TotalReports) < KakaoCases
		kind := eligibility.GeneralUser
		switch k := rng.IntN(KakaoCases); {
		case !kakao && rng.IntN(2) == 0, kakao && k < SmallBusinessCases:
			kind = eligibility.SmallBusiness
		case kakao && k < SmallBusinessCases+EnterpriseCases:
			kind = eligibility.Enterprise
		}
		claim := programme.Claim{Claimant: syntheticClaimant(rng, c-1, kind)}
		claim.Claimant.ID = "c" + pad(c, 9)
		for more := true; more && reports < n; more = rng.IntN(16) == 0 {
			reports++
			r := eligibility.Report{ID: "r" + pad(reports, 10), FiledAt: filedAt(rng, kind),
				Operator: eligibility.Kakao, Service: services[rng.IntN(len(services))]}
			if !kakao {
				r.Operator = generatedAffiliates[rng.IntN(len(generatedAffiliates))]
			}
			switch m := rng.IntN(KakaoCases); {
			case m < PaidCases:
				r.Paid = true
			case m < PaidCases+FreeMoneyLostCases:
				r.MoneyLost = true
			}
			if r.Paid || r.MoneyLost {
				r.Loss = syntheticLoss(rng, kind)
			}
			claim.Reports = append(claim.Reports, r)
		}
		claim.ClaimedAt = claimedAt(claims)
		if !yield(claim) {
			return
		}
	}
}

// heartOpens is when the heart package's claim window opened, 09:00 on
// 2023-01-05 KST [P-EMO-2].
var heartOpens = time.Date(2023, 1, 5, 9, 0, 0, 0, eligibility.KST())

// claimedAt draws when a claimant claimed the heart package: invented,
// as the rest of the intake is. One in thirty never claims (the zero
// Time); the others claim after the window opens, an exponentially
// distributed wait with a mean of 36 hours, to the second, so that most
// claim on the first two days, as a rush on a free gift does.
func claimedAt(rng *rand.Rand) time.Time {
	if rng.IntN(30) == 0 {
		return time.Time{}
	}
	return heartOpens.Add(time.Duration(rng.ExpFloat64() * 36 * float64(time.Hour)).Truncate(time.Second))
}

// generatedAffiliates are the operators of reports that are not Kakao's,
// weighted by repetition: taxi drivers, PC cafés, sellers and users.
var generatedAffiliates = []string{eligibility.KakaoMobility, eligibility.KakaoMobility, eligibility.KakaoGames, eligibility.KakaoEntertainment, eligibility.KakaoPay}

// pad writes n in width digits, zeros first.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
