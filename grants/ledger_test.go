package grants_test

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/grants/ledgertest"
)

func TestMemoryLedgerConforms(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) grants.Ledger { return grants.NewMemoryLedger() })
}

// TestMemoryLedgerHeapPerGrant holds the memory ledger to at most 150
// bytes of heap a grant, beyond the recipients' names, over 200,000
// distinct recipients of one item.
func TestMemoryLedgerHeapPerGrant(t *testing.T) {
	const n = 200_000
	names := make([]string, n)
	for i := range names {
		names[i] = "user-" + strconv.Itoa(i)
	}
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	l := grants.NewMemoryLedger()
	for _, who := range names {
		if _, err := l.Issue(context.Background(), grants.Grant{Item: grants.DrawerPlus, Recipient: who, IssuedAt: at, Expires: at.AddDate(0, 1, 0)}, 0); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perGrant := float64(after.HeapAlloc-before.HeapAlloc) / n
	if perGrant > 150 {
		t.Errorf("%.0f bytes of heap a grant, want at most 150", perGrant)
	}
	t.Logf("%.0f bytes of heap a grant", perGrant)
	runtime.KeepAlive(l)
	runtime.KeepAlive(names)
}

// TestCheckBatchAtItsBounds checks the batch size at MaxBatch-1, MaxBatch
// and MaxBatch+1, and a repeated request on either side of 16 requests,
// where CheckBatch moves from comparing pairs to maps.
func TestCheckBatchAtItsBounds(t *testing.T) {
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, grants.KST())
	batch := func(n int, repeatLast bool) []grants.Request {
		b := make([]grants.Request, n)
		for i := range b {
			b[i] = grants.Request{Grant: grants.Grant{Item: "item", Recipient: "user-" + strconv.Itoa(i), IssuedAt: at}, Cap: 10}
		}
		if repeatLast && n > 1 {
			b[n-1].Grant.Recipient = b[0].Grant.Recipient
		}
		return b
	}
	for _, tt := range []struct {
		name   string
		batch  []grants.Request
		refuse bool
	}{
		{"a batch of MaxBatch-1 requests is valid", batch(grants.MaxBatch-1, false), false},
		{"a batch of MaxBatch requests is valid", batch(grants.MaxBatch, false), false},
		{"a batch of MaxBatch+1 requests is refused", batch(grants.MaxBatch+1, false), true},
		{"a repeat among 15 requests is refused", batch(15, true), true},
		{"a repeat among 16 requests is refused", batch(16, true), true},
		{"a repeat among 17 requests is refused", batch(17, true), true},
		{"17 distinct requests are valid", batch(17, false), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := grants.CheckBatch(context.Background(), tt.batch)
			if refused := errors.Is(err, grants.ErrInvalid); refused != tt.refuse || (err != nil && !refused) {
				t.Errorf("CheckBatch = %v, want refused %v", err, tt.refuse)
			}
		})
	}
}

// TestTheZeroMemoryLedgerIsReady runs the conformance suite on zero
// MemoryLedgers: a zero value means an empty ledger, not a panic.
func TestTheZeroMemoryLedgerIsReady(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) grants.Ledger { return new(grants.MemoryLedger) })
}

func TestDescribe(t *testing.T) {
	cat := grants.Kakao1015()
	for _, tt := range []struct {
		benefit, lang, want string
	}{
		{"emoticon-bundle", "ko", "1종은 영구 사용, 2종은 받은 날부터 90일 사용. 받는 기간: 2023년 1월 5일 09:00부터 2023년 1월 20일까지."},
		{"makers-coupons", "ko", "2,000원, 3,000원. 받는 기간: 2023년 1월 5일 09:00부터 2023년 1월 20일까지."},
		{"drawer-pass", "en", "usable for 1 month from the day taken. To be claimed from 5 January 2023, 09:00 KST to 20 January 2023, first come first served: 3,000,000 of them, while they last. " +
			"When it ends, Talk Drawer Plus renews at 1,900 won a month unless cancelled (a reminder 7 days and 1 day before the first charge; a cancellation may be booked ahead). " +
			"A holder new to Talk Drawer Plus gets its usual free month first, and the first charge comes that much later (provisional: one report says so)."},
		{"drawer-pass", "ko", "받은 날부터 1개월 사용. 받는 기간: 2023년 1월 5일 09:00부터 2023년 1월 20일까지, 선착순 300만 명: 수량이 남아 있는 동안 받을 수 있습니다. " +
			"이용 기간이 끝나면 해지하지 않는 한 톡서랍 플러스가 월 1,900원으로 자동 갱신됩니다(첫 결제 7일 전과 1일 전에 알림, 해지는 미리 예약할 수 있음). " +
			"톡서랍 플러스를 처음 이용하면 기본 무료 1개월 뒤에 이용권 기간이 이어져 첫 결제가 그만큼 늦어집니다(잠정: 한 보도에 따른 내용으로 확정되지 않았습니다)."},
		{"channel-cash", "en", "50,000 won. Paid from 20 or 21 February 2023 (no hour was published). Whether it is credited to the Channel or claimed was not published."},
		{"channel-cash", "ko", "50,000원. 2023년 2월 20일 또는 21일부터 지급(지급 시각은 발표되지 않았습니다). 채널에 적립되는지 따로 신청해야 하는지는 발표되지 않았습니다."},
		{"cash-support", "ko", ""},
	} {
		if got := cat.Describe(cat.ForBenefit(tt.benefit), tt.lang); got != tt.want {
			t.Errorf("Describe(%s, %s) = %q, want %q", tt.benefit, tt.lang, got, tt.want)
		}
	}
	// After the window closed, a letter says so instead of sending its
	// reader to claim.
	got := cat.DescribeAsOf(cat.ForBenefit("makers-coupons"), "ko", time.Date(2023, 1, 21, 0, 0, 0, 0, grants.KST()))
	if want := "2,000원, 3,000원. 받는 기간: 2023년 1월 5일 09:00부터 2023년 1월 20일까지(종료)."; got != want {
		t.Errorf("as of 2023-01-21: %q, want %q", got, want)
	}
	if got := cat.DescribeAsOf(cat.ForBenefit("makers-coupons"), "en", time.Date(2023, 1, 21, 0, 0, 0, 0, grants.KST()).Add(-time.Nanosecond)); strings.Contains(got, "closed") {
		t.Errorf("one nanosecond before the close: %q", got)
	}
	if got := cat.DescribeAsOf(cat.ForBenefit("makers-coupons"), "en", time.Date(2023, 1, 21, 0, 0, 0, 1, grants.KST())); !strings.Contains(got, "(closed)") {
		t.Errorf("one nanosecond after the close: %q", got)
	}
}
