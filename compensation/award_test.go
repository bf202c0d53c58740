package compensation

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func won(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// decimalEqual lets go-cmp compare decimals by value.
var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func TestKakao1015Award(t *testing.T) {
	type result struct {
		Amount decimal.Decimal
		Band   int
		Review bool
	}
	tests := []struct {
		reason string
		rule   string
		loss   string
		want   result
	}{
		{"a loss of zero pays nothing and falls in no band", "P-CASH-1", "0", result{won("0"), NoBand, false}},
		{"a loss of 1 won gets 30,000 won", "P-CASH-1", "1", result{won("30000"), 0, false}},
		{"a loss of half a won gets 30,000 won", "P-CASH-1", "0.5", result{won("30000"), 0, false}},
		{"a loss of 299,999 won gets 30,000 won", "P-CASH-1", "299999", result{won("30000"), 0, false}},
		{"a loss of exactly 300,000 won gets 30,000 won", "P-CASH-1", "300000", result{won("30000"), 0, false}},
		{"a loss of 300,000.00 won written with trailing zeros gets 30,000 won", "P-CASH-1", "300000.00", result{won("30000"), 0, false}},
		{"a loss of 300,000.5 won is over 300,000 and gets 50,000 won", "P-CASH-1", "300000.5", result{won("50000"), 1, false}},
		{"a loss of 300,001 won gets 50,000 won", "P-CASH-1", "300001", result{won("50000"), 1, false}},
		{"a loss of 499,999 won gets 50,000 won", "P-CASH-1", "499999", result{won("50000"), 1, false}},
		{"a loss of exactly 500,000 won gets 50,000 won and no review", "P-CASH-1", "500000", result{won("50000"), 1, false}},
		{"a loss of 500,000.01 won gets 50,000 won and a review", "P-INTAKE-4", "500000.01", result{won("50000"), 2, true}},
		{"a loss of 500,001 won gets 50,000 won and a review", "P-INTAKE-4", "500001", result{won("50000"), 2, true}},
		{"a loss of 10^20 won gets 50,000 won and a review", "P-INTAKE-4", "100000000000000000000", result{won("50000"), 2, true}},
		{"a loss written as 3e5 is exactly 300,000 won", "P-CASH-1", "3e5", result{won("30000"), 0, false}},
	}
	s := Kakao1015()
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			a, err := s.Award(won(tt.loss))
			if err != nil {
				t.Fatalf("[%s] Award(%s): %v", tt.rule, tt.loss, err)
			}
			got := result{a.Amount, a.BandIndex(), a.Review}
			if diff := cmp.Diff(tt.want, got, decimalEqual); diff != "" {
				t.Errorf("[%s] Award(%s) mismatch (-want +got):\n%s", tt.rule, tt.loss, diff)
			}
		})
	}
}

func TestAwardErrors(t *testing.T) {
	tests := []struct {
		reason string
		s      Schedule
		loss   decimal.Decimal
		want   error
	}{
		{"a negative loss is an error", Kakao1015(), won("-1"), ErrNegativeLoss},
		{"a loss of minus half a won is an error", Kakao1015(), won("-0.5"), ErrNegativeLoss},
		{"the zero schedule refuses to award", Schedule{}, won("1"), ErrNoBands},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			_, err := tt.s.Award(tt.loss)
			if !errors.Is(err, tt.want) {
				t.Errorf("Award(%s) error = %v, want %v", tt.loss, err, tt.want)
			}
		})
	}
}

// TestTheZeroAwardHasNoBand holds the zero Award to "no decision": no
// band, nothing paid, no trace; a loss of zero is a band-less award with
// the schedule's own rule.
func TestTheZeroAwardHasNoBand(t *testing.T) {
	var zero Award
	if _, ok := zero.Band(); ok || zero.BandIndex() != NoBand || !zero.Amount.IsZero() || len(zero.Trace()) != 0 || zero.Rule() != "" {
		t.Errorf("the zero Award: band %d, amount %s, trace %v", zero.BandIndex(), zero.Amount, zero.Trace())
	}
	data, err := json.Marshal(zero)
	if err != nil || !strings.Contains(string(data), `"band":-1`) || !strings.Contains(string(data), `"trace":[]`) {
		t.Errorf("the zero Award's JSON: %s, %v", data, err)
	}
	a, err := Kakao1015().Award(decimal.Zero)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Band(); ok || a.BandIndex() != NoBand || len(a.Trace()) != 1 || a.Trace()[0].Code != CodeNoLoss || a.Trace()[0].Rule != "P-CASH-1" {
		t.Errorf("a zero loss: band %d, trace %+v", a.BandIndex(), a.Trace())
	}
	b, err := Kakao1015().Award(won("1"))
	if got, ok := b.Band(); err != nil || !ok || b.BandIndex() != 0 || !got.UpTo.Equal(won("300000")) {
		t.Errorf("a loss of 1 won: band %+v (%d), %v", got, b.BandIndex(), err)
	}
}

func TestCapLowersABandAboveIt(t *testing.T) {
	// [P-CASH-1] the cap binds whatever the band says.
	s := MustNewSchedule(Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}}, Currency: KRW, Cap: won("50000"), Bands: []Band{Band{UpTo: won("100"), Amount: won("49999")},
		Band{UpTo: won("200"), Amount: won("50000")},
		Band{Open: true, Amount: won("50001")}}})
	for _, tt := range []struct {
		loss, amount string
		capped       bool
	}{{"100", "49999", false}, {"200", "50000", false}, {"201", "50000", true}} {
		a, err := s.Award(won(tt.loss))
		if err != nil {
			t.Fatal(err)
		}
		if !a.Amount.Equal(won(tt.amount)) || a.Capped != tt.capped {
			t.Errorf("loss %s: got %s won capped %v, want %s won capped %v", tt.loss, a.Amount, a.Capped, tt.amount, tt.capped)
		}
	}
}

func TestNewScheduleRefuses(t *testing.T) {
	open := Band{Open: true, Amount: won("50000")}
	tests := []struct {
		reason string
		cap    string
		bands  []Band
		want   error
		index  int // the band named, or -1 for no BandError
	}{
		{"no bands", "50000", nil, ErrNoBands, -1},
		{"a fractional cap", "50000.5", []Band{open}, ErrMinorUnits, -1},
		{"a negative cap", "-1", []Band{open}, ErrNegativeAmount, -1},
		{"a first bound of zero", "50000", []Band{{UpTo: won("0"), Amount: won("1")}, open}, ErrBoundOrder, 0},
		{"bounds repeated", "50000", []Band{{UpTo: won("300000"), Amount: won("1")}, {UpTo: won("300000"), Amount: won("2")}, open}, ErrBoundOrder, 1},
		{"bounds descending", "50000", []Band{{UpTo: won("300000"), Amount: won("1")}, {UpTo: won("299999"), Amount: won("2")}, open}, ErrBoundOrder, 1},
		{"a fractional bound", "50000", []Band{{UpTo: won("300000.5"), Amount: won("1")}, open}, ErrMinorUnits, 0},
		{"amounts decreasing", "50000", []Band{{UpTo: won("300000"), Amount: won("50001")}, open}, ErrAmountOrder, 1},
		{"amounts decreasing into a bounded band", "50000", []Band{{UpTo: won("300000"), Amount: won("2")}, {UpTo: won("500000"), Amount: won("1")}, open}, ErrAmountOrder, 1},
		{"a negative amount", "50000", []Band{{UpTo: won("300000"), Amount: won("-1")}, open}, ErrNegativeAmount, 0},
		{"a fractional amount", "50000", []Band{{UpTo: won("300000"), Amount: won("0.5")}, open}, ErrMinorUnits, 0},
		{"two open bands", "50000", []Band{open, open}, ErrOpenBand, 0},
		{"an open band with a bound", "50000", []Band{{Open: true, UpTo: won("1"), Amount: won("1")}}, ErrOpenBand, 0},
		{"no open top band", "50000", []Band{{UpTo: won("300000"), Amount: won("1")}}, ErrNoOpenBand, 0},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			_, err := NewSchedule(Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}}, Currency: KRW, Cap: won(tt.cap), Bands: tt.bands})
			if !errors.Is(err, tt.want) {
				t.Fatalf("NewSchedule error = %v, want %v", err, tt.want)
			}
			var be *BandError
			if got := errors.As(err, &be); got != (tt.index >= 0) || (got && be.Index != tt.index) {
				t.Errorf("NewSchedule error %v: want a BandError for band %d", err, tt.index)
			}
		})
	}
}

func TestScheduleJSONRoundTrips(t *testing.T) {
	s := Kakao1015()
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"bands":[{"upTo":"300000","amount":"30000","rule":"P-CASH-1"},{"upTo":"500000","amount":"50000","rule":"P-CASH-1"},{"open":true,"amount":"50000","review":true,"provisional":true,"rule":"P-CASH-1"}],"cap":"50000","currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"ko":"손실액","en":"loss"}},"rule":"P-CASH-1","reviewRule":"P-INTAKE-4"}`
	if diff := cmp.Diff(want, string(data)); diff != "" {
		t.Errorf("Kakao1015 JSON mismatch (-want +got):\n%s", diff)
	}
	var back Schedule
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s.Bands(), back.Bands(), decimalEqual); diff != "" || !s.Cap().Equal(back.Cap()) {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestScheduleJSONValidatesOnLoad(t *testing.T) {
	for _, tt := range []struct {
		reason, in string
		want       error
	}{
		{"descending bounds are refused on load", `{"rule":"R","currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"en":"loss"}},"cap":"50000","bands":[{"upTo":"5","amount":"1"},{"upTo":"4","amount":"1"},{"open":true,"amount":"1"}]}`, ErrBoundOrder},
		{"a schedule with no bands is refused on load", `{"rule":"R","currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"en":"loss"}},"cap":"50000","bands":[]}`, ErrNoBands},
		{"a schedule with no cap is refused on load, never a cap of zero", `{"rule":"R","currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"en":"loss"}},"bands":[{"open":true,"amount":"1"}]}`, ErrNoCap},
		{"a schedule with a cap of zero is refused", `{"rule":"R","currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"en":"loss"}},"cap":"0","bands":[{"open":true,"amount":"1"}]}`, ErrNoCap},
		{"a schedule with no rule is refused", `{"currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"en":"loss"}},"cap":"1","bands":[{"open":true,"amount":"1"}]}`, ErrIncomplete},
		{"an unknown field is refused", `{"rule":"R","currency":{"code":"KRW","minor":0},"measure":{"of":"loss","name":{"en":"loss"}},"cap":"1","caps":"2","bands":[{"open":true,"amount":"1"}]}`, nil},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			s := Kakao1015()
			err := json.Unmarshal([]byte(tt.in), &s)
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
			if len(s.Bands()) != 3 {
				t.Errorf("a refused load changed the schedule: %v", s.Bands())
			}
		})
	}
	var s Schedule
	if err := json.Unmarshal([]byte(`{"cap": "not a number"}`), &s); err == nil {
		t.Error("a malformed amount loaded without error")
	}
}

func TestAwardTraceAndJSON(t *testing.T) {
	tests := []struct {
		reason string
		loss   string
		want   string
	}{
		{"a loss in the first band names its bound", "300000",
			`{"loss":"300000","amount":"30000","band":0,"over":"0","upTo":"300000","bandAmount":"30000","cap":"50000","capped":false,"review":false,"trace":[{"rule":"P-CASH-1","code":"band","text":"loss of 300,000 won is up to and including 300,000 won: 30,000 won"}]}`},
		{"a loss in the open band is referred to review", "500000.5",
			`{"loss":"500000.5","amount":"50000","band":2,"over":"500000","bandAmount":"50000","cap":"50000","capped":false,"review":true,"trace":[{"rule":"P-CASH-1","code":"band","text":"loss of 500,000.5 won is over 500,000 won: 50,000 won (provisional: an inference, not a published figure)"},{"rule":"P-INTAKE-4","code":"review","text":"loss over 500,000 won: referred to individual review"}]}`},
		{"a zero loss says there is no support", "0",
			`{"loss":"0","amount":"0","band":-1,"cap":"50000","capped":false,"review":false,"trace":[{"rule":"P-CASH-1","code":"no-loss","text":"no loss: no support"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			a, err := Kakao1015().Award(won(tt.loss))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Award(%s) JSON mismatch (-want +got):\n%s", tt.loss, diff)
			}
		})
	}
}

func TestFormatWon(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "300000": "300,000", "300000.5": "300,000.5",
		"-1234567": "-1,234,567", "100000000000000000000": "100,000,000,000,000,000,000",
	} {
		if got := FormatWon(won(in)); got != want {
			t.Errorf("FormatWon(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestAReviewBandMayAdvanceLessThanTheBandBelow(t *testing.T) {
	s, err := NewSchedule(Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}}, Currency: KRW, Cap: won("50000"), Bands: []Band{Band{UpTo: won("500000"), Amount: won("50000")},
		Band{Open: true, Amount: won("0"), Review: true}}})
	if err != nil {
		t.Fatalf("a review band advancing nothing: %v", err)
	}
	a, err := s.Award(won("500001"))
	if err != nil || !a.Amount.IsZero() || !a.Review {
		t.Errorf("Award(500,001) = %s, review %v, %v; want 0 and a review", a.Amount, a.Review, err)
	}
}

// TestKakao1015ReviewAdvanceIsAParameter checks the inference (C) that a
// loss over 500,000 won is paid 50,000 won in the batch: it is an option,
// and the band below is unchanged by it [P-CASH-1].
func TestKakao1015ReviewAdvanceIsAParameter(t *testing.T) {
	type result struct {
		Amount string
		Review bool
	}
	for _, tt := range []struct {
		reason  string
		advance string
		loss    string
		want    result
	}{
		{"by default a loss of 500,001 won is advanced 50,000 won and reviewed", "50000", "500001", result{"50000", true}},
		{"with no advance a loss of 500,001 won is paid nothing and reviewed", "0", "500001", result{"0", true}},
		{"with no advance a loss of 500,000 won is still paid 50,000 won", "0", "500000", result{"50000", false}},
		{"an advance of 20,000 won is what a loss of 500,000.5 won is paid", "20000", "500000.5", result{"20000", true}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			s, err := Kakao1015With(Options{ReviewAdvance: won(tt.advance)})
			if err != nil {
				t.Fatal(err)
			}
			a, err := s.Award(won(tt.loss))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, result{a.Amount.String(), a.Review}); diff != "" {
				t.Errorf("[P-CASH-1] mismatch (-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []string{"-1", "0.5"} {
		if _, err := Kakao1015With(Options{ReviewAdvance: won(bad)}); err == nil {
			t.Errorf("an advance of %s won was accepted", bad)
		}
	}
}

func TestAmountDigitsDomain(t *testing.T) {
	thirty := won("123456789012345678901234567890")
	thirtyOne := won("1234567890123456789012345678901")
	if a, err := Kakao1015().Award(thirty); err != nil || !a.Review {
		t.Errorf("a loss of 30 digits: %v, review %v; want an award referred to review", err, a.Review)
	}
	if _, err := Kakao1015().Award(thirty.Shift(-30)); err != nil {
		t.Errorf("a loss of 30 digits, all after the point: %v", err)
	}
	million := decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(1_000_000), nil), 0)
	for _, d := range []decimal.Decimal{thirtyOne, thirtyOne.Shift(-31), million} {
		_, err := Kakao1015().Award(d)
		if !errors.Is(err, ErrRange) || len(err.Error()) > 200 {
			t.Errorf("Award(%d digits) error = %.200v, want a short ErrRange", d.NumDigits(), err)
		}
	}
}

func TestKST(t *testing.T) {
	if _, off := time.Date(2022, 10, 15, 0, 0, 0, 0, KST()).Zone(); off != 9*60*60 {
		t.Errorf("KST is UTC%+d s, want +9 hours", off)
	}
}

func TestExtremeExponentsAreRefused(t *testing.T) {
	tiny := decimal.New(1, -MaxExponent-1)
	huge := decimal.New(1, MaxExponent+1)
	if _, err := Kakao1015().Award(decimal.New(1, -MaxExponent)); err != nil {
		t.Errorf("a loss of 1e-%d: error %v, want none", MaxExponent, err)
	}
	for _, d := range []decimal.Decimal{tiny, huge, decimal.New(-1, -999_999_999)} {
		if _, err := Kakao1015().Award(d); !errors.Is(err, ErrRange) {
			t.Errorf("Award(exponent %d) error = %v, want ErrRange", d.Exponent(), err)
		}
		if _, err := NewFactors(d, won("1"), won("1")); !errors.Is(err, ErrRange) {
			t.Errorf("NewFactors(exponent %d) error = %v, want ErrRange", d.Exponent(), err)
		}
		if _, err := NewSchedule(Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}}, Currency: KRW, Cap: won("1"), Bands: []Band{Band{Open: true, Amount: d}}}); !errors.Is(err, ErrRange) || len(err.Error()) > 200 {
			t.Errorf("NewSchedule(amount exponent %d) error = %.200v, want a short ErrRange", d.Exponent(), err)
		}
	}
}

// TestAwardAtEveryExponent bands the same values written with different
// exponents, and values on both sides of each bound at many exponents;
// each must fall where an exact comparison puts it [P-CASH-1].
func TestAwardAtEveryExponent(t *testing.T) {
	s := Kakao1015()
	for _, tt := range []struct {
		loss decimal.Decimal
		band int
	}{
		{decimal.New(3, 5), 0}, {decimal.New(30, 4), 0}, {decimal.New(300_000_00, -2), 0},
		{decimal.New(30000001, -2), 1}, {decimal.New(3000001, -1), 1}, {decimal.New(5, 5), 1},
		{won("500000.000000000000000000"), 1}, {won("500000.000000000000000001"), 2},
		{decimal.New(1, 64), 2}, {decimal.New(1, -64), 0}, {decimal.New(6, 5), 2}, {decimal.New(1, 6), 2},
		{won("300000.000000000000000000000001"), 1}, {won("299999.99999999999999999999999"), 0},
		{won("123456789012345678901234567890"), 2}, {won("0.123456789012345678901234567890"), 0},
	} {
		a, err := s.Award(tt.loss)
		if err != nil {
			t.Fatalf("Award(%s): %v", tt.loss, err)
		}
		if a.BandIndex() != tt.band {
			t.Errorf("[P-CASH-1] Award(%s, exponent %d) is band %d, want %d", tt.loss, tt.loss.Exponent(), a.BandIndex(), tt.band)
		}
	}
	for e := int32(-MaxExponent); e <= MaxExponent; e++ {
		for _, bound := range []int64{300_000, 500_000} {
			b := decimal.NewFromInt(bound)
			for _, d := range []decimal.Decimal{b.Sub(decimal.New(1, e)), b, b.Add(decimal.New(1, e))} {
				if d.Sign() <= 0 || checkRange("", d) != nil {
					continue
				}
				a, err := s.Award(d)
				if err != nil {
					t.Fatalf("Award(%s): %v", d, err)
				}
				want := 0
				for _, ub := range []int64{300_000, 500_000} {
					if d.Cmp(decimal.NewFromInt(ub)) > 0 {
						want++
					}
				}
				if a.BandIndex() != want {
					t.Errorf("Award(%s, exponent %d) is band %d, want %d", d, d.Exponent(), a.BandIndex(), want)
				}
			}
		}
	}
}

func TestAwardDoesNotAllocate(t *testing.T) {
	s := Kakao1015()
	for _, loss := range []decimal.Decimal{
		decimal.NewFromInt(420_000), won("312345.67"), decimal.New(3, 5), decimal.New(1, -MaxExponent),
		decimal.New(1, MaxExponent), won("123456789012345678901234567890"), won("3123.45678901234567890123456789"),
	} {
		if n := testing.AllocsPerRun(100, func() { sinkAward, _ = s.Award(loss) }); n != 0 {
			t.Errorf("Award(%s, exponent %d) allocates %.0f times, want 0", loss, loss.Exponent(), n)
		}
	}
}

var sinkAward Award

func TestTraceInKoreanAndEnglish(t *testing.T) {
	s := Kakao1015()
	capped := MustNewSchedule(Config{Rule: "P-CASH-1", ReviewRule: "P-INTAKE-4", Measure: Measure{Of: MeasureLoss, Name: Text{Ko: "손실액", En: "loss"}}, Currency: KRW, Cap: won("40000"), Bands: []Band{Band{UpTo: won("100"), Amount: won("10")}, Band{Open: true, Amount: won("50000"), Review: true}}})
	for _, tt := range []struct {
		reason string
		s      Schedule
		loss   string
		lang   string
		want   []Step
	}{
		{"a loss in the middle band, in Korean", s, "420000", "ko", []Step{
			{Rule: "P-CASH-1", Code: CodeBand, Text: "손실액 420,000원은 300,000원 초과 500,000원 이하 구간에 해당하여 50,000원을 지원합니다."}}},
		{"a loss in the first band, in Korean (ko-KR)", s, "300000", "ko-KR", []Step{
			{Rule: "P-CASH-1", Code: CodeBand, Text: "손실액 300,000원은 300,000원 이하 구간에 해당하여 30,000원을 지원합니다."}}},
		{"a loss referred to review, in Korean", s, "500001", "ko", []Step{
			{Rule: "P-CASH-1", Code: CodeBand, Text: "손실액 500,001원은 500,000원 초과 구간에 해당하여 50,000원을 지원합니다(잠정: 발표된 금액이 아니라 추정한 금액입니다)."},
			{Rule: "P-INTAKE-4", Code: CodeReview, Text: "손실액이 500,000원을 넘어 개별 심사 대상입니다."}}},
		{"a capped award, in English", capped, "200", "en", []Step{
			{Rule: "P-CASH-1", Code: CodeBand, Text: "loss of 200 won is over 100 won: 50,000 won"},
			{Rule: "P-CASH-1", Code: CodeCap, Text: "per-claimant cap of 40,000 won: 40,000 won paid"},
			{Rule: "P-INTAKE-4", Code: CodeReview, Text: "loss over 100 won: referred to individual review"}}},
		{"no loss, in an unknown language: Korean", s, "0", "fr", []Step{
			{Rule: "P-CASH-1", Code: CodeNoLoss, Text: "손실액이 없어 지원금이 없습니다."}}},
		{"a capped award referred to review, codes only", capped, "200", "", []Step{
			{Rule: "P-CASH-1", Code: CodeBand}, {Rule: "P-CASH-1", Code: CodeCap}, {Rule: "P-INTAKE-4", Code: CodeReview}}},
		{"no loss, codes only", s, "0", "", []Step{{Rule: "P-CASH-1", Code: CodeNoLoss}}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			a, err := tt.s.Award(won(tt.loss))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, a.TraceIn(tt.lang)); diff != "" {
				t.Errorf("[P-CASH-1] trace mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
