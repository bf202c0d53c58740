package eligibility

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShareRoundsHalfUpForDisplay(t *testing.T) {
	tests := []struct {
		reason string
		s      Share
		want   string
	}{
		{"87,195 of 105,116 is 82.95...%, shown as 83.0% (the announcement said 83.1%)", Share{87_195, 105_116}, "83.0%"},
		{"17,433 of 87,195 small businesses is 20.0%", Share{17_433, 87_195}, "20.0%"},
		{"151 of 87,195 mid/large companies is 0.2%", Share{151, 87_195}, "0.2%"},
		{"14,918 of 87,195 paid-service reports is 17.1%", Share{14_918, 87_195}, "17.1%"},
		{"13,195 of 87,195 free-service reports with money lost is 15.1%", Share{13_195, 87_195}, "15.1%"},
		{"59,082 of 87,195 reports with no money lost is 67.8%", Share{59_082, 87_195}, "67.8%"},
		{"69,611 of 87,195 general users is 79.8%", Share{69_611, 87_195}, "79.8%"},
		{"an exact half rounds up: 1 of 2000 is 0.05%, shown as 0.1%", Share{1, 2000}, "0.1%"},
		{"just below a half rounds down: 1 of 2001 is 0.0%", Share{1, 2001}, "0.0%"},
		{"a share of nothing is 0.0%", Share{0, 0}, "0.0%"},
		{"the whole is 100.0%", Share{3, 3}, "100.0%"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.s.String()); diff != "" {
				t.Errorf("[P-INTAKE-2] %d of %d mismatch (-want +got):\n%s", tt.s.N, tt.s.Of, diff)
			}
		})
	}
}

func TestZeroTallyRefusesWithoutPanicking(t *testing.T) {
	var tl Tally
	if err := tl.Add(GeneralUser, Report{Operator: KakaoPay}); !errors.Is(err, ErrConfig) {
		t.Errorf("zero Tally: Add error = %v, want ErrConfig", err)
	}
	if tl.Received != 0 || len(tl.Rows()) == 0 {
		t.Errorf("zero Tally after a refused report: %+v", tl)
	}
}

func TestTallyRefusesUnknownOperatorsAndKinds(t *testing.T) {
	tl := Kakao1015().NewTally()
	if err := tl.Add(GeneralUser, Report{ID: "r", Operator: "Kakao Bank"}); !errors.Is(err, ErrUnknownOperator) {
		t.Errorf("[P-AFF-1] unknown operator: error = %v, want ErrUnknownOperator", err)
	}
	if err := tl.Add(Kind("robot"), Report{ID: "r", Operator: Kakao}); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("invalid kind: error = %v, want ErrUnknownKind", err)
	}
	if tl.Received != 0 {
		t.Errorf("refused reports were counted: %+v", tl)
	}
}

func TestTallyOfThePublishedIntake(t *testing.T) {
	// [P-INTAKE-1, P-INTAKE-2] 105,116 reports, 87,195 Kakao cases: 17,433
	// small businesses, 151 mid/large, the rest general users; 14,918 paid,
	// 13,195 free with money lost, 59,082 with no money lost.
	tl := Kakao1015().NewTally()
	add := func(n int, k Kind, r Report) {
		for range n {
			if err := tl.Add(k, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	kakao := func(paid, lost bool) Report { return Report{Operator: Kakao, Paid: paid, MoneyLost: lost} }
	add(10_000, GeneralUser, kakao(true, false))
	add(5_000, GeneralUser, kakao(false, true))
	add(54_611, GeneralUser, kakao(false, false))
	add(4_800, SmallBusiness, kakao(true, true)) // paid wins over money lost
	add(8_195, SmallBusiness, kakao(false, true))
	add(4_438, SmallBusiness, kakao(false, false))
	add(118, Enterprise, kakao(true, false))
	add(33, Enterprise, kakao(false, false))
	add(16_921, GeneralUser, Report{Operator: KakaoMobility})
	add(1_000, SmallBusiness, Report{Operator: KakaoGames, Paid: true})
	var got []string
	for _, r := range tl.Rows() {
		got = append(got, r.Label+" "+r.Share.String())
	}
	want := []string{
		"received 100.0%",
		"Kakao cases 83.0%",
		"  by general 79.8%",
		"  by small-business 20.0%",
		"  by enterprise 0.2%",
		"  paid services 17.1%",
		"  free services, money lost 15.1%",
		"  no money lost 67.8%",
		"routed to Kakao Games 1.0%",
		"routed to Kakao Mobility 16.1%",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tally mismatch (-want +got):\n%s", diff)
	}
	counts := []int{tl.Received, tl.Cases, tl.ByKind[SmallBusiness], tl.ByKind[Enterprise], tl.Paid, tl.FreeMoneyLost, tl.NoMoneyLost}
	if diff := cmp.Diff([]int{105_116, 87_195, 17_433, 151, 14_918, 13_195, 59_082}, counts); diff != "" {
		t.Errorf("counts mismatch (-want +got):\n%s", diff)
	}
}
