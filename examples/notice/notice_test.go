package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/internal/golden"
	"github.com/shopspring/decimal"
)

func TestTheKakao1015Notice(t *testing.T) {
	for _, lang := range []string{"ko", "en"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"-lang", lang}, &out, &errOut); code != 0 {
			t.Fatalf("-lang %s: exit %d, %s", lang, code, errOut.String())
		}
		golden.Check(t, "kakao1015."+lang+".md", out.String())
	}
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "카카오 1015") {
		t.Errorf("the default notice is not Korean: exit %d", code)
	}
	if code := run([]string{"-lang", "fr"}, &out, &errOut); code != 2 {
		t.Errorf("-lang fr: exit %d, want 2", code)
	}
}

// TestTheKoreanNoticeStatesTheAnnouncedFigures checks the Korean notice
// against every figure the announcement states [P-CASH-1, P-EMO-1,
// P-EMO-2, P-COUPON-1, P-DRAWER-1, P-CHANNEL-1].
func TestTheKoreanNoticeStatesTheAnnouncedFigures(t *testing.T) {
	notice := programme.Kakao1015().Notice("ko")
	for _, want := range []string{
		"300,000원 이하: 30,000원",
		"300,000원 초과 500,000원 이하: 50,000원",
		"500,000원을 넘으면",
		"1인당 최대 50,000원",
		"이모티콘 3종: 1종은 영구 사용, 2종은 받은 날부터 90일 사용",
		"2023년 1월 5일",
		"2,000원, 3,000원",
		"톡서랍 플러스 1개월 이용권: 받은 날부터 1개월 사용",
		"선착순 300만 명",
		"월 1,900원으로 자동 갱신",
		"카카오톡 채널 메시지 캐시: 50,000원",
		"2023년 2월 20일 또는 21일부터",
		"카카오게임즈, 카카오모빌리티, 카카오엔터테인먼트, 카카오페이 등",
	} {
		if !strings.Contains(notice, want) {
			t.Errorf("the Korean notice does not state %q", want)
		}
	}
}

// drawerRenewal is what the notice says of the Drawer pass's renewal
// [P-DRAWER-1].
const drawerRenewal = " 이용 기간이 끝나면 해지하지 않는 한 톡서랍 플러스가 월 1,900원으로 자동 갱신됩니다(첫 결제 7일 전과 1일 전에 알림, 해지는 미리 예약할 수 있음). 톡서랍 플러스를 처음 이용하면 기본 무료 1개월 뒤에 이용권 기간이 이어져 첫 결제가 그만큼 늦어집니다(잠정: 한 보도에 따른 내용으로 확정되지 않았습니다)."

// TestOneValueChangesTheNoticeWhereItShould changes one value at a time
// and checks that exactly the lines about it change.
func TestOneValueChangesTheNoticeWhereItShould(t *testing.T) {
	base := programme.Kakao1015()
	won := decimal.NewFromInt
	with := func(change func(*programme.Config, *programme.Options) error) func() (programme.Plan, error) {
		return func() (programme.Plan, error) {
			o := programme.DefaultOptions()
			c, err := programme.Kakao1015Config(o)
			if err != nil {
				return programme.Plan{}, err
			}
			if err := change(&c, &o); err != nil {
				return programme.Plan{}, err
			}
			return programme.New(c)
		}
	}
	for _, tt := range []struct {
		reason  string
		p       func() (programme.Plan, error)
		changed []string // the lines of the new notice that differ
	}{
		{"raising the lowest band to 40,000 won", with(func(c *programme.Config, _ *programme.Options) error {
			sc := c.Cash[0].Schedule.Config()
			sc.Bands[0].Amount = won(40_000)
			s, err := compensation.NewSchedule(sc)
			c.Cash[0].Schedule = s
			return err
		}), []string{"- 손실액 300,000원 이하: 40,000원"}},
		{"opening the heart package at 10:00", with(func(c *programme.Config, o *programme.Options) error {
			o.Catalogue.HeartOpenHour = 10
			cat, err := grants.Kakao1015With(o.Catalogue)
			c.Catalogue = cat
			return err
		}), []string{
			"- 이모티콘 3종: 1종은 영구 사용, 2종은 받은 날부터 90일 사용. 받는 기간: 2023년 1월 5일 10:00부터 2023년 1월 20일까지.",
			"- 카카오메이커스 쿠폰 2종: 2,000원, 3,000원. 받는 기간: 2023년 1월 5일 10:00부터 2023년 1월 20일까지.",
			"- 톡서랍 플러스 1개월 이용권: 받은 날부터 1개월 사용. 받는 기간: 2023년 1월 5일 10:00부터 2023년 1월 20일까지, 선착순 300만 명: 수량이 남아 있는 동안 받을 수 있습니다." + drawerRenewal,
		}},
		{"capping the Drawer pass at 1,000,000", with(func(c *programme.Config, _ *programme.Options) error {
			items := c.Catalogue.Items()
			for i := range items {
				if items[i].ID == grants.DrawerPlus {
					items[i].Cap = 1_000_000
				}
			}
			cat, err := grants.NewCatalogue(grants.Config{Currency: grants.KRW, Items: items})
			c.Catalogue = cat
			return err
		}), []string{"- 톡서랍 플러스 1개월 이용권: 받은 날부터 1개월 사용. 받는 기간: 2023년 1월 5일 09:00부터 2023년 1월 20일까지, 선착순 100만 명: 수량이 남아 있는 동안 받을 수 있습니다." + drawerRenewal}},
		{"requiring a Talk Channel for Channel cash", with(func(c *programme.Config, o *programme.Options) error {
			o.Eligibility.RequireChannel = true
			e, err := eligibility.Kakao1015With(o.Eligibility)
			c.Eligibility = e
			return err
		}), []string{"- 카카오톡 채널 메시지 캐시: 소상공인, 카카오톡 채널 보유(잠정: 발표된 내용이 아니라 추정입니다)"}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			p, err := tt.p()
			if err != nil {
				t.Fatal(err)
			}
			before, after := strings.Split(base.Notice("ko"), "\n"), strings.Split(p.Notice("ko"), "\n")
			if len(before) != len(after) {
				t.Fatalf("the notice went from %d lines to %d", len(before), len(after))
			}
			var changed []string
			for i := range after {
				if after[i] != before[i] {
					changed = append(changed, after[i])
				}
			}
			if diff := cmp.Diff(tt.changed, changed); diff != "" {
				t.Errorf("changed lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
