package grants_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

var kst = grants.KST()

// A domestic user claims the heart package on the day it opens.
func ExampleItem_Claim_heartPackage() {
	cat, err := grants.Kakao1015With(grants.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	ledger := grants.NewMemoryLedger()
	ctx := context.Background()
	at := time.Date(2023, 1, 5, 10, 30, 0, 0, kst)
	for _, id := range grants.HeartPackage() {
		it, err := cat.Item(id)
		if err != nil {
			fmt.Println(err)
			return
		}
		g, err := it.Claim(ctx, ledger, "user-1", at)
		if err != nil {
			fmt.Println(err)
			return
		}
		until := "forever"
		if !g.Expires.IsZero() {
			until = "until " + g.Expires.Format("2006-01-02 15:04 MST")
		}
		fmt.Printf("%-32s %s\n", it.Name.In("en"), until)
	}
	it, _ := cat.Item(grants.EmoticonForever)
	_, err = it.Claim(ctx, ledger, "user-2", time.Date(2023, 1, 21, 0, 0, 0, 0, kst))
	fmt.Println(errors.Is(err, grants.ErrClosed), err)
	// Output:
	// emoticon (forever)               forever
	// emoticon A (90 days)             until 2023-04-05 00:00 KST
	// emoticon B (90 days)             until 2023-04-05 00:00 KST
	// Kakao Makers coupon 2,000 won    forever
	// Kakao Makers coupon 3,000 won    forever
	// Talk Drawer Plus, one month      until 2023-02-05 00:00 KST
	// true claim kakao1015/emoticon-forever: claim at 2023-01-21 00:00:00 KST: claim window closed: heart package [2023-01-05 09:00, 2023-01-21 00:00) KST
}

// A bulk issuer puts the emoticon to many users in one batch: one step
// (for a database, one transaction) for all of them. A user who holds it
// already gets that grant back.
func ExampleItem_Request_bulk() {
	cat, err := grants.Kakao1015With(grants.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	emo, _ := cat.Item(grants.EmoticonForever)
	ledger := grants.NewMemoryLedger()
	ctx := context.Background()
	at := time.Date(2023, 1, 5, 10, 30, 0, 0, kst)
	if _, err := emo.Claim(ctx, ledger, "user-2", at); err != nil {
		fmt.Println(err)
		return
	}
	var batch []grants.Request
	for _, who := range []string{"user-1", "user-2", "user-3"} {
		r, err := emo.Request(who, at)
		if err != nil {
			fmt.Println(err)
			return
		}
		batch = append(batch, r)
	}
	out, err := ledger.IssueBatch(ctx, batch)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range out {
		fmt.Printf("%s serial %d new %v\n", o.Grant.Recipient, o.Grant.Serial, o.New)
	}
	// Output:
	// user-1 serial 2 new true
	// user-2 serial 1 new false
	// user-3 serial 3 new true
}

// A 3,000 won coupon on a small order: the discount is never more than
// the order, and below the minimum order it does not apply.
func ExampleItem_Discount_smallOrder() {
	o := grants.DefaultOptions()
	o.CouponMinOrder = decimal.NewFromInt(1_000) // not published: the host's figure
	cat, _ := grants.Kakao1015With(o)
	coupon, _ := cat.Item(grants.Coupon3000)
	for _, order := range []int64{2_500, 12_000, 900} {
		d, err := coupon.Discount(decimal.NewFromInt(order))
		if err != nil {
			fmt.Printf("order %6d won: %v\n", order, err)
			continue
		}
		fmt.Printf("order %6d won: %s won off\n", order, d)
	}
	// Output:
	// order   2500 won: 2500 won off
	// order  12000 won: 3000 won off
	// order    900 won: kakao1015/makers-coupon-3000: order below the coupon's minimum: order of 900 won, minimum 1000 won
}

// The last Talk Drawer passes: with 2,999,998 issued, three users race for
// two passes; the renewal of a pass is charged when its month ends.
func ExampleMemoryLedger_lastDrawerPasses() {
	cat, _ := grants.Kakao1015With(grants.DefaultOptions())
	pass, _ := cat.Item(grants.DrawerPlus)
	ledger := grants.NewMemoryLedger()
	ctx := context.Background()
	at := time.Date(2023, 1, 5, 9, 0, 0, 0, kst)
	// Stand in for the first 2,999,998 claims with a smaller item of the same shape.
	small := pass
	small.ID, small.Cap = "last-passes-demo", 3
	if _, err := small.Claim(ctx, ledger, "early-bird", at); err != nil {
		fmt.Println(err)
		return
	}
	for _, who := range []string{"amy", "ben", "cho", "amy"} {
		g, err := small.Claim(ctx, ledger, who, at.Add(time.Minute))
		if err != nil {
			fmt.Printf("%s: %v\n", who, errors.Is(err, grants.ErrSoldOut))
			continue
		}
		charge, reminders, _ := small.FirstCharge(g.IssuedAt, false)
		fmt.Printf("%s: pass %d of %d, reminders %s and %s, charged %s\n", who, g.Serial, small.Cap,
			reminders[0].Format(time.DateOnly), reminders[1].Format(time.DateOnly), charge.Format(time.DateOnly))
	}
	n, _ := ledger.Issued(ctx, small.ID)
	fmt.Println("issued:", n)
	// Output:
	// amy: pass 2 of 3, reminders 2023-01-29 and 2023-02-04, charged 2023-02-05
	// ben: pass 3 of 3, reminders 2023-01-29 and 2023-02-04, charged 2023-02-05
	// cho: true
	// amy: pass 2 of 3, reminders 2023-01-29 and 2023-02-04, charged 2023-02-05
	// issued: 3
}

// A catalogue is built from items; an item out of shape is an error that
// names it.
func ExampleNewCatalogue() {
	w, err := grants.NewClaimWindow("spring", "example", time.Date(2024, 3, 1, 0, 0, 0, 0, kst), time.Date(2024, 4, 1, 0, 0, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	week, _ := grants.Days(7)
	pass := grants.Item{ID: "example/pass-7d", Name: grants.Text{Ko: "1주 이용권", En: "a week's pass"}, Kind: grants.Pass, Benefit: "drawer-pass",
		Validity: week, Cap: 1_000, Window: w}
	cat, err := grants.NewCatalogue(grants.Config{Currency: grants.KRW, Items: []grants.Item{pass}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range cat.Items() {
		fmt.Println(it.ID, it.Validity, it.Cap, it.Window)
	}
	pass.Window = grants.ClaimWindow{} // never open: refused
	_, err = grants.NewCatalogue(grants.Config{Currency: grants.KRW, Items: []grants.Item{pass}})
	fmt.Println(err)
	// Output:
	// example/pass-7d 7 days 1000 spring [2024-03-01 00:00, 2024-04-01 00:00) KST
	// items[0]: item example/pass-7d: invalid argument: window "" opens: missing time
}

// A host maps a decision's granted benefits to catalogue items in one
// loop, by the benefit keys package eligibility uses.
func ExampleCatalogue_ForBenefit() {
	cat, _ := grants.Kakao1015With(grants.DefaultOptions())
	for _, benefit := range []string{"emoticon-bundle", "channel-cash", "cash-support"} {
		var ids []string
		for _, it := range cat.ForBenefit(benefit) {
			ids = append(ids, it.ID)
		}
		fmt.Println(benefit, ids)
	}
	// Output:
	// emoticon-bundle [kakao1015/emoticon-forever kakao1015/emoticon-90d-a kakao1015/emoticon-90d-b]
	// channel-cash [kakao1015/channel-cash-50000]
	// cash-support []
}

// A window is exact to the instant and enforced by the issuer's clock
// [P-EMO-2]: one second before 09:00 on 2023-01-05 is refused.
func ExampleClaimWindow_Check() {
	cat, _ := grants.Kakao1015With(grants.DefaultOptions())
	it, _ := cat.Item(grants.DrawerPlus)
	for _, at := range []time.Time{
		time.Date(2023, 1, 5, 8, 59, 59, 0, kst),
		time.Date(2023, 1, 5, 9, 0, 0, 0, kst),
		time.Date(2023, 1, 21, 0, 0, 0, 0, kst),
	} {
		fmt.Println(at.Format("01-02 15:04:05"), it.Window.Check(at))
	}
	// Output:
	// 01-05 08:59:59 claim at 2023-01-05 08:59:59 KST: claim window not open yet: heart package [2023-01-05 09:00, 2023-01-21 00:00) KST
	// 01-05 09:00:00 <nil>
	// 01-21 00:00:00 claim at 2023-01-21 00:00:00 KST: claim window closed: heart package [2023-01-05 09:00, 2023-01-21 00:00) KST
}

// A Drawer pass claimed on the first day renews at 1,900 won a month on
// 2023-02-05 unless cancelled, with reminders a week and a day before;
// a user new to Talk Drawer Plus gets its usual free month first, and is
// charged a month later [P-DRAWER-1].
func ExampleItem_FirstCharge() {
	cat, _ := grants.Kakao1015With(grants.DefaultOptions())
	it, _ := cat.Item(grants.DrawerPlus)
	g, err := it.Claim(context.Background(), grants.NewMemoryLedger(), "user-1", time.Date(2023, 1, 5, 9, 30, 0, 0, kst))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, newUser := range []bool{false, true} {
		charge, reminders, _ := it.FirstCharge(g.IssuedAt, newUser)
		fmt.Println("new user:", newUser, "charge:", charge.Format(time.DateOnly), "at", it.Renews.Price,
			"reminders:", reminders[0].Format(time.DateOnly), reminders[1].Format(time.DateOnly))
	}
	// Output:
	// new user: false charge: 2023-02-05 at 1900 reminders: 2023-01-29 2023-02-04
	// new user: true charge: 2023-03-05 at 1900 reminders: 2023-02-26 2023-03-04
}

// Every Ledger shares one domain of recipients: not empty, valid UTF-8,
// no control characters, at most 256 bytes.
func ExampleCheckIdentity() {
	for _, id := range []string{"user-1", "가게-17", "a\x00b", strings.Repeat("x", 257), "김철수 ", "김철\u200b수"} {
		fmt.Println(grants.CheckIdentity("recipient", id))
	}
	// Output:
	// <nil>
	// <nil>
	// invalid argument: recipient "a\x00b": control character U+0000 at byte 1
	// invalid argument: recipient "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...": 257 bytes, at most 256
	// invalid argument: recipient "김철수 ": leading or trailing space
	// invalid argument: recipient "김철\u200b수": invisible format character U+200B at byte 6
}

// Validities count in KST: 90 days from the download day (day 1), and one
// calendar month clamped to the month's end.
func ExampleValidity_Expiry() {
	days90, _ := grants.Days(90)
	month, _ := grants.Months(1)
	for _, tt := range []struct {
		v  grants.Validity
		at time.Time
	}{
		{days90, time.Date(2023, 1, 5, 23, 0, 0, 0, kst)},
		{month, time.Date(2023, 1, 31, 12, 0, 0, 0, kst)},
		{month, time.Date(2024, 1, 31, 12, 0, 0, 0, kst)},
		{grants.Forever(), time.Date(2023, 1, 5, 9, 0, 0, 0, kst)},
	} {
		exp, ok := tt.v.Expiry(tt.at)
		fmt.Println(tt.v, "from", tt.at.Format(time.DateOnly), "->", exp.Format("2006-01-02 15:04 MST"), ok)
	}
	// Output:
	// 90 days from 2023-01-05 -> 2023-04-05 00:00 KST true
	// 1 month from 2023-01-31 -> 2023-02-28 00:00 KST true
	// 1 month from 2024-01-31 -> 2024-02-29 00:00 KST true
	// forever from 2023-01-05 -> 0001-01-01 00:00 UTC false
}
