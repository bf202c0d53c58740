package grants

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Stable IDs of the Kakao 1015 items. Ledgers key on them: never change one.
const (
	EmoticonForever = "kakao1015/emoticon-forever"
	EmoticonA90     = "kakao1015/emoticon-90d-a"
	EmoticonB90     = "kakao1015/emoticon-90d-b"
	Coupon2000      = "kakao1015/makers-coupon-2000"
	Coupon3000      = "kakao1015/makers-coupon-3000"
	DrawerPlus      = "kakao1015/talk-drawer-plus-1m"
	Channel50000    = "kakao1015/channel-cash-50000"
)

// Options are the parameters of the Kakao 1015 catalogue whose figures
// were not published or rest on one report (confidence C).
type Options struct {
	// HeartOpenHour is the hour, KST, at which the heart package's claim
	// window opened on 2023-01-05 [P-EMO-2] (C: 9).
	HeartOpenHour int
	// CouponMinOrder is the minimum order, in won, from which a Makers
	// coupon applies [P-COUPON-1] (C: not published).
	CouponMinOrder decimal.Decimal
	// ChannelCashFrom is when Channel cash was paid from [P-CHANNEL-1]
	// (C: 2023-02-20).
	ChannelCashFrom time.Time
}

// DefaultOptions returns the options as the one report has them: the
// heart package opened at 09:00, Channel cash from 2023-02-20, and no
// minimum order (the real one was not published).
func DefaultOptions() Options {
	return Options{
		// [P-EMO-2] (C) the window opened at 09:00.
		HeartOpenHour: 9,
		// [P-COUPON-1] (C) the minimum order was not published.
		CouponMinOrder: decimal.Decimal{},
		// [P-CHANNEL-1] (C) paid from 2023-02-20.
		ChannelCashFrom: time.Date(2023, 2, 20, 0, 0, 0, 0, kst),
	}
}

// Catalogue is a programme's items, by ID. It is immutable and safe for
// concurrent use.
type Catalogue struct {
	items []Item
}

// NewCatalogue returns a catalogue of items.
//
// It returns an error wrapping [ErrInvalid] for an item:
//   - whose ID is outside the identity domain ([CheckIdentity]) or repeats
//     another item's;
//   - whose kind is not one of the ItemKind constants;
//   - that names no benefit;
//   - whose cap is negative;
//   - whose window is not one [NewClaimWindow] would build: the zero
//     window, one that closes before it opens, or bounds outside the
//     instant domain;
//   - whose validity is not one [Forever], [Days] or [Months] returns;
//
// and an error wrapping [ErrRange] for a value or minimum order that is
// negative, not whole won, or outside the amount domain.
func NewCatalogue(items ...Item) (Catalogue, error) {
	seen := map[string]bool{}
	for _, it := range items {
		if err := checkItem(it); err != nil {
			return Catalogue{}, err
		}
		if seen[it.ID] {
			return Catalogue{}, fmt.Errorf("%w: item ID %q repeated", ErrInvalid, it.ID)
		}
		seen[it.ID] = true
	}
	return Catalogue{items: slices.Clone(items)}, nil
}

// checkItem checks one item's fields for NewCatalogue.
func checkItem(it Item) error {
	if err := CheckIdentity("item ID", it.ID); err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: item %s: "+format, append([]any{ErrInvalid, it.ID}, args...)...)
	}
	switch {
	case !it.Kind.IsValid():
		return bad("unknown kind %d", uint8(it.Kind))
	case it.Benefit == "":
		return bad("names no benefit")
	case it.Cap < 0:
		return bad("cap %d", it.Cap)
	case !it.Validity.valid():
		return bad("validity %s", it.Validity)
	}
	if _, err := NewClaimWindow(it.Window.Name, it.Window.Rule, it.Window.Opens, it.Window.Closes); err != nil {
		return fmt.Errorf("item %s: %w", it.ID, err)
	}
	for _, a := range [...]struct {
		what string
		v    decimal.Decimal
	}{{"value", it.Value}, {"minimum order", it.MinOrder}} {
		if err := checkAmount(a.what, a.v); err != nil {
			return fmt.Errorf("item %s: %w", it.ID, err)
		}
		if !a.v.IsInteger() {
			return fmt.Errorf("item %s: %w: %s of %s won is not whole won", it.ID, ErrRange, a.what, a.v)
		}
	}
	return nil
}

// Kakao1015 returns the catalogue of the Kakao 1015 programme with the
// given options. It returns an error wrapping [ErrInvalid] for an opening
// hour outside 0 to 23 or a Channel cash date outside the instant domain,
// and [ErrRange] for a minimum order that is negative, not whole won or
// outside the amount domain.
func Kakao1015(o Options) (Catalogue, error) {
	if o.HeartOpenHour < 0 || o.HeartOpenHour > 23 {
		return Catalogue{}, fmt.Errorf("%w: heart package opening hour %d", ErrInvalid, o.HeartOpenHour)
	}
	// [P-EMO-2] (A) claimable from 2023-01-05; (B) closed at the end of 2023-01-20.
	// [P-COUPON-1, P-DRAWER-1] (B) the coupons and the pass share the window.
	heart, err := NewClaimWindow("heart package", "P-EMO-2",
		time.Date(2023, 1, 5, o.HeartOpenHour, 0, 0, 0, kst), time.Date(2023, 1, 21, 0, 0, 0, 0, kst))
	if err != nil {
		return Catalogue{}, err
	}
	channel, err := NewClaimWindow("Channel cash", "P-CHANNEL-1", o.ChannelCashFrom, time.Time{})
	if err != nil {
		return Catalogue{}, err
	}
	// [P-EMO-1] (A, B) two emoticons usable for 90 days, the download day being day 1.
	days90 := mustValidity(Days(90))
	// [P-DRAWER-1] (A) a one-month pass.
	month := mustValidity(Months(1))
	return NewCatalogue(
		// [P-EMO-1] (A) one emoticon usable forever.
		Item{ID: EmoticonForever, Name: "emoticon (forever)", Kind: Emoticon, Rule: "P-EMO-1", Benefit: emoticonBundle, Validity: Forever(), Window: heart},
		Item{ID: EmoticonA90, Name: "emoticon A (90 days)", Kind: Emoticon, Rule: "P-EMO-1", Benefit: emoticonBundle, Validity: days90, Window: heart},
		Item{ID: EmoticonB90, Name: "emoticon B (90 days)", Kind: Emoticon, Rule: "P-EMO-1", Benefit: emoticonBundle, Validity: days90, Window: heart},
		// [P-COUPON-1] (A) thank-you coupons of 2,000 and 3,000 won for Kakao Makers.
		Item{ID: Coupon2000, Name: "Kakao Makers coupon 2,000 won", Kind: Coupon, Rule: "P-COUPON-1", Benefit: makersCoupons, Window: heart,
			Value: decimal.NewFromInt(2_000), MinOrder: o.CouponMinOrder},
		Item{ID: Coupon3000, Name: "Kakao Makers coupon 3,000 won", Kind: Coupon, Rule: "P-COUPON-1", Benefit: makersCoupons, Window: heart,
			Value: decimal.NewFromInt(3_000), MinOrder: o.CouponMinOrder},
		// [P-DRAWER-1] (A) 3,000,000 one-month passes, (B) first come first served.
		Item{ID: DrawerPlus, Name: "Talk Drawer Plus, one month", Kind: Pass, Rule: "P-DRAWER-1", Benefit: drawerPass, Validity: month,
			Cap: 3_000_000, Window: heart},
		// [P-CHANNEL-1] (A) 50,000 won of KakaoTalk Channel cash for every small business.
		Item{ID: Channel50000, Name: "KakaoTalk Channel cash 50,000 won", Kind: ChannelCash, Rule: "P-CHANNEL-1", Benefit: channelCash,
			Window: channel, Value: decimal.NewFromInt(50_000)},
	)
}

// The benefit keys of the Kakao 1015 items: the names package eligibility
// gives its benefits.
const (
	emoticonBundle = "emoticon-bundle"
	makersCoupons  = "makers-coupons"
	drawerPass     = "drawer-pass"
	channelCash    = "channel-cash"
)

// ForBenefit returns the items that fulfil the benefit named key (e.g.
// "emoticon-bundle"), in catalogue order; none for a benefit no item
// fulfils, such as cash support.
func (c Catalogue) ForBenefit(key string) []Item {
	var out []Item
	for _, it := range c.items {
		if it.Benefit == key {
			out = append(out, it)
		}
	}
	return out
}

// Items returns the catalogue's items in order.
func (c Catalogue) Items() []Item { return slices.Clone(c.items) }

// Item returns the item with the given ID. It returns an error wrapping
// [ErrUnknownItem] if there is none.
func (c Catalogue) Item(id string) (Item, error) {
	for _, it := range c.items {
		if it.ID == id {
			return it, nil
		}
	}
	return Item{}, fmt.Errorf("%w: %q", ErrUnknownItem, id)
}

// HeartPackage returns the IDs of the heart package for general users
// [P-EMO-1, P-COUPON-1, P-DRAWER-1]: the three emoticons, the two coupons
// and the Drawer pass.
func HeartPackage() []string {
	return []string{EmoticonForever, EmoticonA90, EmoticonB90, Coupon2000, Coupon3000, DrawerPlus}
}
