package grants

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func kakao(t *testing.T, o Options) Catalogue {
	t.Helper()
	c, err := Kakao1015With(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHeartWindow(t *testing.T) {
	c := kakao(t, DefaultOptions())
	emo, err := c.Item(EmoticonA90)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reason string
		t      time.Time
		want   error
	}{
		{"a claim at 08:59:59 KST on 2023-01-05 is before the opening", at(2023, 1, 5, 8, 59, 59), ErrNotOpen},
		{"a claim at 09:00 KST on 2023-01-05 is taken", at(2023, 1, 5, 9, 0, 0), nil},
		{"a claim at 2023-01-05 00:00 UTC (09:00 KST) is taken", time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC), nil},
		{"a claim at 23:59:59 KST on 2023-01-20 is taken", at(2023, 1, 20, 23, 59, 59), nil},
		{"a claim at 00:00 KST on 2023-01-21 is refused", at(2023, 1, 21, 0, 0, 0), ErrClosed},
		{"a claim at 2023-01-20 15:00 UTC (Jan 21 KST) is refused", time.Date(2023, 1, 20, 15, 0, 0, 0, time.UTC), ErrClosed},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			err := emo.Window.Check(tt.t)
			if !errors.Is(err, tt.want) {
				t.Fatalf("[P-EMO-2] Check error = %v, want %v", err, tt.want)
			}
			var we *WindowError
			if err != nil && (!errors.As(err, &we) || we.Window.Name != "heart package") {
				t.Errorf("error %v does not name the window", err)
			}
		})
	}
	o := DefaultOptions()
	o.HeartOpenHour = 0
	early := kakao(t, o)
	emo, _ = early.Item(EmoticonA90)
	if err := emo.Window.Check(at(2023, 1, 5, 0, 0, 0)); err != nil {
		t.Errorf("with the opening hour set to 0, a claim at 00:00: %v", err)
	}
	for _, h := range []int{-1, 24} {
		o.HeartOpenHour = h
		if _, err := Kakao1015With(o); !errors.Is(err, ErrInvalid) {
			t.Errorf("opening hour %d: error = %v, want ErrInvalid", h, err)
		}
	}
}

func TestCatalogue(t *testing.T) {
	c := kakao(t, DefaultOptions())
	type row struct {
		ID, Kind, Validity, Value string
		Cap                       int64
	}
	var got []row
	for _, it := range c.Items() {
		got = append(got, row{it.ID, it.Kind.String(), it.Validity.String(), it.Value.String(), it.Cap})
	}
	want := []row{
		{EmoticonForever, "emoticon", "forever", "0", 0},
		{EmoticonA90, "emoticon", "90 days", "0", 0},
		{EmoticonB90, "emoticon", "90 days", "0", 0},
		{Coupon2000, "coupon", "forever", "2000", 0},
		{Coupon3000, "coupon", "forever", "3000", 0},
		{DrawerPlus, "pass", "1 month", "0", 3_000_000},
		{Channel50000, "credit", "forever", "50000", 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("[P-EMO-1, P-COUPON-1, P-DRAWER-1, P-CHANNEL-1] catalogue mismatch (-want +got):\n%s", diff)
	}
	if _, err := c.Item("nope"); !errors.Is(err, ErrUnknownItem) {
		t.Errorf("Item(nope) error = %v, want ErrUnknownItem", err)
	}
	if _, err := NewCatalogue(Config{Currency: KRW, Items: []Item{{ID: "x"}, {ID: "x"}}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a repeated ID: error = %v, want ErrInvalid", err)
	}
	if _, err := NewCatalogue(Config{Currency: KRW, Items: []Item{{ID: "x", Cap: -1}}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a negative cap: error = %v, want ErrInvalid", err)
	}
}

func TestCouponDiscount(t *testing.T) {
	o := DefaultOptions()
	o.CouponMinOrder = decimal.NewFromInt(10_000)
	c := kakao(t, o)
	coupon, _ := c.Item(Coupon3000)
	pass, _ := c.Item(DrawerPlus)
	tests := []struct {
		reason string
		item   Item
		order  string
		want   string
		err    error
	}{
		{"an order of 9,999 won is below the minimum of 10,000", coupon, "9999", "", ErrBelowMinimum},
		{"an order of exactly 10,000 won takes the full 3,000", coupon, "10000", "3000", nil},
		{"an order of 10,001 won takes 3,000", coupon, "10001", "3000", nil},
		{"a negative order is refused", coupon, "-1", "", ErrRange},
		{"an order with an absurd exponent is refused", coupon, "1e-99", "", ErrRange},
		{"a pass is not a coupon", pass, "10000", "", ErrNotCoupon},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := tt.item.Discount(decimal.RequireFromString(tt.order))
			if !errors.Is(err, tt.err) || (err == nil && got.String() != tt.want) {
				t.Errorf("[P-COUPON-1] Discount(%s) = %s, %v; want %s, %v", tt.order, got, err, tt.want, tt.err)
			}
		})
	}
	// With no minimum, a discount is never more than the order.
	free := kakao(t, DefaultOptions())
	coupon, _ = free.Item(Coupon3000)
	for _, tt := range []struct{ order, want string }{{"0", "0"}, {"2999", "2999"}, {"3000", "3000"}, {"3001", "3000"}} {
		got, err := coupon.Discount(decimal.RequireFromString(tt.order))
		if err != nil || got.String() != tt.want {
			t.Errorf("[P-COUPON-1] order %s: discount %s, %v; want %s", tt.order, got, err, tt.want)
		}
	}
}

func TestTheDrawerPassRenewsUnlessCancelled(t *testing.T) {
	for _, tt := range []struct {
		reason    string
		newMonth  bool
		newUser   bool
		charge    time.Time
		reminders []time.Time
	}{
		{"a holder of the service is charged a month after the claim", true, false,
			at(2023, 2, 5, 0, 0, 0), []time.Time{at(2023, 1, 29, 0, 0, 0), at(2023, 2, 4, 0, 0, 0)}},
		{"a new user's usual free month comes first: charged two months after", true, true,
			at(2023, 3, 5, 0, 0, 0), []time.Time{at(2023, 2, 26, 0, 0, 0), at(2023, 3, 4, 0, 0, 0)}},
		{"without the new-user month a new user is charged a month after", false, true,
			at(2023, 2, 5, 0, 0, 0), []time.Time{at(2023, 1, 29, 0, 0, 0), at(2023, 2, 4, 0, 0, 0)}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			o := DefaultOptions()
			o.DrawerNewUserMonth = tt.newMonth
			pass, _ := kakao(t, o).Item(DrawerPlus)
			charge, reminders, ok := pass.FirstCharge(at(2023, 1, 5, 10, 0, 0), tt.newUser)
			if !ok {
				t.Fatal("the pass does not renew")
			}
			type result struct {
				Charge    time.Time
				Reminders []time.Time
			}
			if diff := cmp.Diff(result{tt.charge, tt.reminders}, result{charge, reminders}); diff != "" {
				t.Errorf("[P-DRAWER-1] (-want +got):\n%s", diff)
			}
		})
	}
	emo, _ := kakao(t, DefaultOptions()).Item(EmoticonA90)
	if _, _, ok := emo.FirstCharge(at(2023, 1, 5, 10, 0, 0), false); ok {
		t.Error("an emoticon renews")
	}
	pass, _ := kakao(t, DefaultOptions()).Item(DrawerPlus)
	for _, lang := range []string{"ko", "en"} {
		got := kakao(t, DefaultOptions()).Describe([]Item{pass}, lang)
		for _, want := range map[string][]string{
			"ko": {"톡서랍 플러스가 월 1,900원으로 자동 갱신됩니다", "첫 결제 7일 전과 1일 전에 알림", "해지는 미리 예약할 수 있음", "잠정"},
			"en": {"renews at 1,900 won a month unless cancelled", "7 days and 1 day before the first charge", "provisional"},
		}[lang] {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q does not say %q", lang, got, want)
			}
		}
	}
	// A renewal's domain.
	for _, r := range []Renewal{
		{Service: Text{En: "s"}, Price: decimal.NewFromInt(-1), Period: mustValidity(Months(1)), Rule: "R"},
		{Service: Text{En: "s"}, Price: decimal.NewFromInt(1), Period: Forever(), Rule: "R"},
		{Service: Text{En: "s"}, Price: decimal.NewFromInt(1), Period: mustValidity(Months(1)), Reminders: []int{0}, Rule: "R"},
		{Price: decimal.NewFromInt(1), Period: mustValidity(Months(1)), Rule: "R"},
	} {
		it := pass
		it.Renews = &r
		if _, err := NewCatalogue(Config{Currency: KRW, Items: []Item{it}}); err == nil {
			t.Errorf("renewal %+v is accepted", r)
		}
	}
}

func TestClaim(t *testing.T) {
	c := kakao(t, DefaultOptions())
	l := NewMemoryLedger()
	ctx := context.Background()
	emo, _ := c.Item(EmoticonA90)
	g, err := emo.Claim(ctx, l, "alice", time.Date(2023, 1, 5, 1, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !g.Expires.Equal(at(2023, 4, 5, 0, 0, 0)) || g.IssuedAt.Location().String() != "KST" {
		t.Errorf("[P-EMO-1] claimed %+v, want expiry 2023-04-05 00:00 KST", g)
	}
	if _, err := emo.Claim(ctx, l, "", at(2023, 1, 6, 0, 0, 0)); !errors.Is(err, ErrInvalid) {
		t.Errorf("an empty recipient: error = %v, want ErrInvalid", err)
	}
	if _, err := emo.Claim(ctx, l, "bob", at(2023, 1, 21, 0, 0, 0)); !errors.Is(err, ErrClosed) {
		t.Errorf("a claim after the window: error = %v, want ErrClosed", err)
	}
	if n, _ := l.Issued(ctx, EmoticonA90); n != 1 {
		t.Errorf("refused claims issued something: %d issued", n)
	}
	cash, _ := c.Item(Channel50000)
	if _, err := cash.Claim(ctx, l, "shop", at(2023, 2, 19, 23, 59, 59)); !errors.Is(err, ErrNotOpen) {
		t.Errorf("[P-CHANNEL-1] Channel cash before 2023-02-20: error = %v, want ErrNotOpen", err)
	}
	if _, err := cash.Claim(ctx, l, "shop", at(2023, 2, 20, 0, 0, 0)); err != nil {
		t.Errorf("[P-CHANNEL-1] Channel cash at 2023-02-20 00:00 KST: %v", err)
	}
	if _, err := cash.Claim(ctx, l, "shop-2", at(2030, 1, 1, 0, 0, 0)); err != nil {
		t.Errorf("[P-CHANNEL-1] Channel cash has an open-ended window: %v", err)
	}
}

func TestRequest(t *testing.T) {
	c := kakao(t, DefaultOptions())
	emo, _ := c.Item(EmoticonA90)
	drawer, _ := c.Item(DrawerPlus)
	opens := at(2023, 1, 5, 9, 0, 0)
	for _, tt := range []struct {
		name      string
		item      Item
		recipient string
		at        time.Time
		want      Request
		wantErr   error
	}{
		{"a 90-day emoticon a nanosecond before the window opens is not open", emo, "alice", opens.Add(-1), Request{}, ErrNotOpen},
		{"a 90-day emoticon as the window opens expires 90 days later", emo, "alice", opens,
			Request{Grant: Grant{Item: EmoticonA90, Recipient: "alice", IssuedAt: opens, Expires: at(2023, 4, 5, 0, 0, 0)}}, nil},
		{"the Drawer pass carries its cap", drawer, "bob", opens.Add(time.Hour),
			Request{Grant: Grant{Item: DrawerPlus, Recipient: "bob", IssuedAt: opens.Add(time.Hour), Expires: at(2023, 2, 5, 0, 0, 0)}, Cap: drawer.Cap}, nil},
		{"an empty recipient is invalid", emo, "", opens, Request{}, ErrInvalid},
		{"an instant before 1970 is invalid", emo, "alice", time.Date(1969, 12, 31, 0, 0, 0, 0, kst), Request{}, ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.item.Request(tt.recipient, tt.at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewCatalogueRefuses(t *testing.T) {
	opens := time.Date(2023, 1, 5, 9, 0, 0, 0, kst)
	window, err := NewClaimWindow("w", "", opens, opens.AddDate(0, 0, 16))
	if err != nil {
		t.Fatal(err)
	}
	good := Item{ID: "ok", Name: Text{En: "ok"}, Kind: Coupon, Benefit: "makers-coupons", Window: window, Value: decimal.NewFromInt(2_000)}
	if _, err := NewCatalogue(Config{Currency: KRW, Items: []Item{good}}); err != nil {
		t.Fatalf("a good item: %v", err)
	}
	days0 := Validity{kind: days}
	tests := []struct {
		reason string
		change func(*Item)
		want   error
	}{
		{"an empty ID", func(it *Item) { it.ID = "" }, ErrInvalid},
		{"an ID of 257 bytes", func(it *Item) { it.ID = strings.Repeat("i", 257) }, ErrInvalid},
		{"an ID with a NUL byte", func(it *Item) { it.ID = "a\x00b" }, ErrInvalid},
		{"an unknown kind", func(it *Item) { it.Kind = 0 }, ErrInvalid},
		{"a kind past the last", func(it *Item) { it.Kind = Credit + 1 }, ErrInvalid},
		{"no benefit", func(it *Item) { it.Benefit = "" }, ErrInvalid},
		{"a negative cap", func(it *Item) { it.Cap = -1 }, ErrInvalid},
		{"the zero window, which is never open", func(it *Item) { it.Window = ClaimWindow{} }, ErrInvalid},
		{"a window that closes before it opens", func(it *Item) { it.Window.Closes = opens.Add(-time.Second) }, ErrInvalid},
		{"a window that closes as it opens", func(it *Item) { it.Window.Closes = opens }, ErrInvalid},
		{"a window that opens in the year 2200", func(it *Item) {
			it.Window.Opens, it.Window.Closes = time.Date(2200, 1, 1, 0, 0, 0, 0, kst), time.Time{}
		}, ErrInvalid},
		{"a validity of no days", func(it *Item) { it.Validity = days0 }, ErrInvalid},
		{"a negative value", func(it *Item) { it.Value = decimal.NewFromInt(-1) }, ErrRange},
		{"a fractional value", func(it *Item) { it.Value = decimal.RequireFromString("0.5") }, ErrRange},
		{"a minimum order of 31 digits", func(it *Item) { it.MinOrder = decimal.RequireFromString("1234567890123456789012345678901") }, ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			it := good
			tt.change(&it)
			if _, err := NewCatalogue(Config{Currency: KRW, Items: []Item{it}}); !errors.Is(err, tt.want) {
				t.Errorf("NewCatalogue error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := NewCatalogue(Config{Currency: KRW, Items: []Item{good, good}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a repeated ID: error = %v, want ErrInvalid", err)
	}
}

func TestZeroClaimWindowIsNeverOpen(t *testing.T) {
	var w ClaimWindow
	for _, at := range []time.Time{time.Date(2023, 1, 5, 9, 0, 0, 0, kst), time.Date(2199, 1, 1, 0, 0, 0, 0, kst)} {
		if err := w.Check(at); !errors.Is(err, ErrNotOpen) {
			t.Errorf("zero window at %v: %v, want ErrNotOpen", at, err)
		}
	}
	if _, err := (Item{ID: "x"}).Claim(context.Background(), NewMemoryLedger(), "alice", time.Date(2023, 1, 5, 9, 0, 0, 0, kst)); !errors.Is(err, ErrNotOpen) {
		t.Errorf("claiming an item with no window: %v, want ErrNotOpen", err)
	}
}

func TestCheckIdentity(t *testing.T) {
	tests := []struct {
		reason string
		id     string
		ok     bool
	}{
		{"a plain name is an identity", "user-1", true},
		{"Korean text is an identity", "가게-17", true},
		{"exactly 256 bytes is an identity", strings.Repeat("a", 256), true},
		{"256 bytes of three-byte runes is an identity", strings.Repeat("가", 85) + "a", true},
		{"257 bytes is too long", strings.Repeat("a", 257), false},
		{"3 KB is too long", strings.Repeat("a", 3000), false},
		{"the empty string is not an identity", "", false},
		{"a NUL byte is refused", "a\x00b", false},
		{"a newline is refused", "a\nb", false},
		{"a DEL is refused", "a\x7fb", false},
		{"a C1 control is refused", "a\u0085b", false},
		{"invalid UTF-8 is refused", "a\xffb", false},
		{"a second invalid byte is refused too", "inv\xfeA", false},
		{"a replacement character is refused: it is what a bad decoding leaves", "inv\uFFFDA", false},
		{"an inner space is part of the name", "김 철수", true},
		{"a trailing space on an ASCII name is refused", "alice ", false},
		{"a leading space on an ASCII name is refused", " alice", false},
		{"a single space is refused", " ", false},
		{"a tilde, the last printable ASCII character, is an identity", "a~", true},
		{"the first Hangul syllable is an identity", "\uac00", true},
		{"the last Hangul syllable is an identity", "\ud7a3", true},
		{"the Hangul filler after them is refused", "a\uffa0", false},
		{"a trailing space is refused", "김철수 ", false},
		{"a leading space is refused", " 김철수", false},
		{"a trailing no-break space is refused", "김철수\u00a0", false},
		{"an inner ideographic space is refused", "김\u3000철수", false},
		{"a zero-width space is refused", "김철\u200b수", false},
		{"a byte-order mark is refused", "\ufeff김철수", false},
		{"a right-to-left mark is refused", "alice\u200f", false},
		{"a soft hyphen is refused", "al\u00adice", false},
		{"a Hangul filler is refused", "김철수\u3164", false},
		{"a variation selector is refused", "a\ufe0fb", false},
		{"composed (NFC) Hangul is an identity", "\uae40\ucca0\uc218", true},
		{"decomposed (NFD) Hangul is refused", "\u1100\u1175\u11b7\u110e\u1165\u11af\u1109\u116e", false},
		{"compatibility jamo, as typed alone, are an identity", "ㄱㄴ", true},
		{"case is significant: capitals are an identity of their own", "Alice", true},
		{"a combining mark after a letter is left to the host's NFC check", "e\u0301", true},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			err := CheckIdentity("recipient", tt.id)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
				t.Errorf("CheckIdentity = %v, want ok %v", err, tt.ok)
			}
			if err != nil && len(err.Error()) > 200 {
				t.Errorf("the error is %d bytes long: it must not echo the whole input", len(err.Error()))
			}
		})
	}
}

func TestValidityDomain(t *testing.T) {
	for _, tt := range []struct {
		reason string
		make   func() (Validity, error)
		ok     bool
	}{
		{"36,600 days is the longest", func() (Validity, error) { return Days(MaxValidityDays) }, true},
		{"36,601 days is too long", func() (Validity, error) { return Days(MaxValidityDays + 1) }, false},
		{"0 days is no validity", func() (Validity, error) { return Days(0) }, false},
		{"1,200 months is the longest", func() (Validity, error) { return Months(MaxValidityMonths) }, true},
		{"1,201 months is too long", func() (Validity, error) { return Months(MaxValidityMonths + 1) }, false},
		{"-1 months is no validity", func() (Validity, error) { return Months(-1) }, false},
	} {
		_, err := tt.make()
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("%s: error = %v", tt.reason, err)
		}
	}
	// The latest issue and the longest validity still expire in a year JSON can hold.
	v, _ := Months(MaxValidityMonths)
	last := time.Date(2199, 12, 31, 23, 59, 59, 0, kst)
	if exp, _ := v.Expiry(last); exp.Year() > 9999 {
		t.Errorf("expiry %v is beyond what JSON holds", exp)
	}
}

func TestClaimRefusesInstantsOutsideTheDomain(t *testing.T) {
	c := kakao(t, DefaultOptions())
	ch, _ := c.Item(Channel50000) // open-ended
	for _, at := range []time.Time{time.Date(2200, 1, 1, 0, 0, 0, 0, kst), time.Date(10000, 1, 1, 0, 0, 0, 0, kst), {}} {
		if _, err := ch.Claim(context.Background(), NewMemoryLedger(), "shop", at); !errors.Is(err, ErrInvalid) {
			t.Errorf("claim at %v: error = %v, want ErrInvalid", at, err)
		}
	}
	if _, err := ch.Claim(context.Background(), NewMemoryLedger(), "shop", time.Date(2199, 12, 31, 0, 0, 0, 0, kst)); err != nil {
		t.Errorf("claim on the last day of the domain: %v", err)
	}
}

func TestEveryKakao1015ItemNamesItsBenefit(t *testing.T) {
	c := kakao(t, DefaultOptions())
	got := map[string][]string{}
	for _, key := range []string{"emoticon-bundle", "makers-coupons", "drawer-pass", "channel-cash", "cash-support"} {
		for _, it := range c.ForBenefit(key) {
			got[key] = append(got[key], it.ID)
		}
	}
	want := map[string][]string{
		"emoticon-bundle": {EmoticonForever, EmoticonA90, EmoticonB90},
		"makers-coupons":  {Coupon2000, Coupon3000},
		"drawer-pass":     {DrawerPlus},
		"channel-cash":    {Channel50000},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items by benefit mismatch (-want +got):\n%s", diff)
	}
}

// TestValidityCountsDaysInTheZone holds a validity of days to the zone of
// its catalogue, daylight saving included [OP-1]: a grant taken at 01:00
// in Sydney counts that Sydney day as its first, where KST would count
// the day before.
func TestValidityCountsDaysInTheZone(t *testing.T) {
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Skip("no time-zone database:", err)
	}
	days7, _ := Days(7)
	at := time.Date(2023, 11, 14, 1, 0, 0, 0, sydney) // UTC+11: 2023-11-13 23:00 KST
	if got, _ := days7.ExpiryIn(at, sydney); !got.Equal(time.Date(2023, 11, 21, 0, 0, 0, 0, sydney)) {
		t.Errorf("7 days from 01:00 on 14 November in Sydney end %v, want 21 November 00:00 Sydney", got)
	}
	if got, _ := days7.Expiry(at); !got.Equal(time.Date(2023, 11, 20, 0, 0, 0, 0, kst)) {
		t.Errorf("counted in KST they end %v, a day early", got)
	}
	// Across the end of daylight saving (2024-04-07 03:00 back to 02:00).
	days1, _ := Days(1)
	if got, _ := days1.ExpiryIn(time.Date(2024, 4, 6, 12, 0, 0, 0, sydney), sydney); !got.Equal(time.Date(2024, 4, 7, 0, 0, 0, 0, sydney)) {
		t.Errorf("a day across the change ends %v", got)
	}
	end := time.Date(2024, 1, 1, 0, 0, 0, 0, sydney)
	u, err := Until(end)
	if err != nil {
		t.Fatal(err)
	}
	for _, issued := range []time.Time{time.Date(2023, 11, 13, 9, 0, 0, 0, sydney), time.Date(2023, 12, 31, 23, 59, 0, 0, sydney)} {
		if got, ok := u.ExpiryIn(issued, sydney); !ok || !got.Equal(end) {
			t.Errorf("until the end of 2023, issued %v: %v", issued, got)
		}
	}
	if got := u.StringIn("en", sydney); got != "to the end of 31 December 2023" {
		t.Errorf("%q", got)
	}
	if got := u.StringIn("ko", sydney); got != "2023년 12월 31일까지" {
		t.Errorf("%q", got)
	}
	win, _ := NewClaimWindow("data", "OP-1", time.Date(2023, 11, 13, 0, 0, 0, 0, sydney), time.Date(2024, 1, 1, 0, 0, 0, 0, sydney))
	cat, err := NewCatalogue(Config{Currency: Currency{Code: "AUD", Minor: 2}, Zone: sydney, Items: []Item{
		{ID: "op/data", Name: Text{En: "extra data"}, Kind: Data, Benefit: "data", Validity: u, Window: win, Quantity: decimal.NewFromInt(200), Unit: Text{En: "GB"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	it, _ := cat.Item("op/data")
	if _, err := it.Request("u", end); !errors.Is(err, ErrClosed) {
		t.Errorf("a claim at the end of the validity: %v", err)
	}
	if got := cat.Describe(cat.Items(), "en"); got != "200 GB, usable to the end of 31 December 2023. To be claimed from 13 November 2023, 00:00 AEDT to 31 December 2023." {
		t.Errorf("Describe %q", got)
	}
}

func TestValidityJSON(t *testing.T) {
	for _, in := range []string{`"forever"`, `{"days":90}`, `{"months":1}`, `{"until":"2024-01-01T00:00:00+11:00"}`} {
		var v Validity
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		out, err := json.Marshal(v)
		if err != nil || string(out) != in {
			t.Errorf("%s round trips as %s, %v", in, out, err)
		}
	}
	for _, in := range []string{`"never"`, `{"days":0}`, `{"days":1,"months":1}`, `{"weeks":2}`, `{"until":"2300-01-01T00:00:00Z"}`, `3`,
		`{"days":1e12}`, `{"days":1.5}`, `{"months":-1}`, `{"days":null}`, `{"months":99999999999}`, `{}`} {
		var v Validity
		if err := json.Unmarshal([]byte(in), &v); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", in, err)
		}
	}
}

func TestTheCatalogueRoundTripsThroughJSON(t *testing.T) {
	data, err := json.Marshal(Kakao1015())
	if err != nil {
		t.Fatal(err)
	}
	var back Catalogue
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if string(again) != string(data) {
		t.Errorf("round trip:\n%s\n%s", data, again)
	}
	var c Catalogue
	for _, bad := range []string{`{"currency":{"code":"KRW","minor":0},"items":[{"id":"x","kind":"robot"}]}`, `{"items":[],"extra":1}`, `{"items":[]}`} {
		if json.Unmarshal([]byte(bad), &c) == nil {
			t.Errorf("%s loaded", bad)
		}
	}
}
