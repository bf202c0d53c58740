package grants

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagerelief/relief/internal/words"
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
// were not published or rest on one report (confidence C). The zero
// Options is not the plan's: its Channel cash date is missing, which
// [Kakao1015With] refuses; start from [DefaultOptions].
type Options struct {
	// HeartOpenHour is the hour, KST, at which the heart package's claim
	// window opened on 2023-01-05 [P-EMO-2] (B: 9).
	HeartOpenHour int
	// CouponMinOrder is the minimum order, in won, from which a Makers
	// coupon applies [P-COUPON-1] (C: not published).
	CouponMinOrder decimal.Decimal
	// ChannelCashFrom is when Channel cash was paid from [P-CHANNEL-1]
	// (B: 2023-02-20 or 21; C: the 20th at 00:00). The texts give the
	// sources' days, not this instant.
	ChannelCashFrom time.Time
	// DrawerNewUserMonth gives a holder new to Talk Drawer Plus the
	// service's usual free month before the pass's own, so that the first
	// charge comes up to two months after the claim [P-DRAWER-1] (C: one
	// report says so). The texts mark it provisional.
	DrawerNewUserMonth bool
}

// DefaultOptions returns the options as the one report has them: the
// heart package opened at 09:00, Channel cash from 2023-02-20, and no
// minimum order (the real one was not published).
func DefaultOptions() Options {
	return Options{
		// [P-EMO-2] (B) the window opened at 09:00.
		HeartOpenHour: 9,
		// [P-COUPON-1] (C) the minimum order was not published.
		CouponMinOrder: decimal.Decimal{},
		// [P-CHANNEL-1] (C) paid from 2023-02-20.
		ChannelCashFrom: time.Date(2023, 2, 20, 0, 0, 0, 0, kst),
		// [P-DRAWER-1] (C) a new user's free month comes first (one report).
		DrawerNewUserMonth: true,
	}
}

// Config declares a programme's catalogue: its items, in the order texts
// list them. [NewCatalogue] validates it.
type Config struct {
	Items []Item `json:"items"`
	// Currency is the money of the items' values: [KRW], {"AUD", 2}.
	Currency Currency `json:"currency,omitzero"`
	// Zone is where the items' days are counted and their windows are
	// written: nil is Korea Standard Time, which needs no time-zone
	// database. Its JSON form is its name ("KST", "Australia/Sydney").
	Zone *time.Location `json:"-"`
}

// Currency is a programme's money, its code and minor units. It is the
// same type in packages compensation and eligibility.
type Currency = words.Currency

// KRW is the Korean won, which has no minor unit.
var KRW = words.KRW

// Catalogue is a programme's items, by ID. It is immutable and safe for
// concurrent use. The zero Catalogue has no items.
type Catalogue struct {
	items    []Item
	currency Currency
	zone     *time.Location
}

// NewCatalogue validates c and returns a catalogue of its items.
//
// It returns an error wrapping [ErrInvalid] for an item:
//   - whose ID is outside the identity domain ([CheckIdentity]) or repeats
//     another item's;
//   - whose kind is not one of the ItemKind constants;
//   - that has no name, or names no benefit;
//   - whose cap is negative;
//   - whose window is not one [NewClaimWindow] would build: the zero
//     window, one that closes before it opens, or bounds outside the
//     instant domain;
//   - whose validity is not one [Forever], [Days] or [Months] returns;
//
// and an error wrapping [ErrRange] for a value or minimum order that is
// negative, not whole won, or outside the amount domain.
func NewCatalogue(c Config) (Catalogue, error) {
	if err := c.Currency.Check(); err != nil {
		return Catalogue{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if c.Zone == nil {
		c.Zone = kst
	}
	seen := map[string]bool{}
	items := slices.Clone(c.Items)
	var errs []error
	for i, it := range items {
		items[i].Zone = c.Zone
		if err := checkItem(it, c.Currency); err != nil {
			errs = append(errs, fmt.Errorf("items[%d]: %w", i, err))
			continue
		}
		if seen[it.ID] {
			errs = append(errs, fmt.Errorf("items[%d]: %w: item ID %q repeated", i, ErrInvalid, it.ID))
		}
		seen[it.ID] = true
	}
	if len(errs) > 0 {
		return Catalogue{}, errors.Join(errs...)
	}
	return Catalogue{items: items, currency: c.Currency, zone: c.Zone}, nil
}

// checkItem checks one item's fields for NewCatalogue.
func checkItem(it Item, cur Currency) error {
	if err := CheckIdentity("item ID", it.ID); err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: item %s: "+format, append([]any{ErrInvalid, it.ID}, args...)...)
	}
	switch {
	case !it.Kind.IsValid():
		return bad("unknown kind %d", uint8(it.Kind))
	case it.Name.IsZero():
		return bad("no name")
	case it.Benefit == "":
		return bad("names no benefit")
	case it.Cap < 0:
		return bad("cap %d", it.Cap)
	case !it.Validity.valid():
		return bad("validity %s", it.Validity)
	case it.ValueFrom != "" && !it.Value.IsZero():
		return bad("both a value and a value from %q", it.ValueFrom)
	case (it.Kind == BillCredit) != (it.ValueFrom != ""):
		return bad("a bill credit, and only one, takes its value from a cash benefit (valueFrom)")
	case it.Kind == Data && it.Unit.IsZero():
		return bad("a data allowance names its unit")
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
		if !cur.Fits(a.v) {
			return fmt.Errorf("item %s: %w: %s of %s has more places than %s's %d minor units", it.ID, ErrRange, a.what, a.v, cur.Code, cur.Minor)
		}
	}
	if err := checkAmount("quantity", it.Quantity); err != nil {
		return fmt.Errorf("item %s: %w", it.ID, err)
	}
	if it.Renews != nil {
		if err := it.Renews.check(it.Validity, cur); err != nil {
			return fmt.Errorf("item %s: renews: %w", it.ID, err)
		}
	}
	return nil
}

// The benefit keys of the Kakao 1015 items, as its eligibility policy
// declares them.
const (
	emoticonBundle = "emoticon-bundle"
	makersCoupons  = "makers-coupons"
	drawerPass     = "drawer-pass"
	channelCash    = "channel-cash"
)

// Kakao1015Config returns the catalogue of the Kakao 1015 programme with
// the given options, as a Config. It returns an error wrapping
// [ErrInvalid] for an opening hour outside 0 to 23 or a Channel cash date
// outside the instant domain.
func Kakao1015Config(o Options) (Config, error) {
	if o.HeartOpenHour < 0 || o.HeartOpenHour > 23 {
		return Config{}, fmt.Errorf("%w: heart package opening hour %d", ErrInvalid, o.HeartOpenHour)
	}
	// [P-EMO-2] (A) claimable from 2023-01-05; (B) closed at the end of 2023-01-20.
	// [P-COUPON-1, P-DRAWER-1] (B) the coupons and the pass share the window.
	heart, err := NewClaimWindow("heart package", "P-EMO-2",
		time.Date(2023, 1, 5, o.HeartOpenHour, 0, 0, 0, kst), time.Date(2023, 1, 21, 0, 0, 0, 0, kst))
	if err != nil {
		return Config{}, err
	}
	channel, err := NewClaimWindow("Channel cash", "P-CHANNEL-1", o.ChannelCashFrom, time.Time{})
	if err != nil {
		return Config{}, err
	}
	// [P-CHANNEL-1] (B) paid from 2023-02-20 or 21; no hour was published.
	channel.Said = Text{Ko: "2023년 2월 20일 또는 21일부터 지급(지급 시각은 발표되지 않았습니다)",
		En: "paid from 20 or 21 February 2023 (no hour was published)"}
	// [P-DRAWER-1] (B) the subscription renews at 1,900 won a month unless
	// cancelled; a cancellation may be booked ahead; reminders one week and
	// one day before the first charge. (C) A new user's free month first: o's.
	renews := &Renewal{Service: Text{Ko: "톡서랍 플러스", En: "Talk Drawer Plus"}, Price: decimal.NewFromInt(1_900),
		Period: mustValidity(Months(1)), Reminders: []int{7, 1}, CancelAhead: true, Rule: "P-DRAWER-1"}
	if o.DrawerNewUserMonth {
		renews.NewUsers, renews.NewUsersProvisional = mustValidity(Months(1)), true
	}
	// [P-EMO-1] (A, B) two emoticons usable for 90 days, the download day being day 1.
	days90 := mustValidity(Days(90))
	// [P-DRAWER-1] (A) a one-month pass.
	month := mustValidity(Months(1))
	return Config{Currency: KRW, Items: []Item{
		// [P-EMO-1] (A) one emoticon usable forever.
		{ID: EmoticonForever, Name: Text{Ko: "이모티콘 (영구)", En: "emoticon (forever)"}, Kind: Emoticon, Rule: "P-EMO-1",
			Benefit: emoticonBundle, Validity: Forever(), Window: heart},
		{ID: EmoticonA90, Name: Text{Ko: "이모티콘 A (90일)", En: "emoticon A (90 days)"}, Kind: Emoticon, Rule: "P-EMO-1",
			Benefit: emoticonBundle, Validity: days90, Window: heart},
		{ID: EmoticonB90, Name: Text{Ko: "이모티콘 B (90일)", En: "emoticon B (90 days)"}, Kind: Emoticon, Rule: "P-EMO-1",
			Benefit: emoticonBundle, Validity: days90, Window: heart},
		// [P-COUPON-1] (A) thank-you coupons of 2,000 and 3,000 won for Kakao Makers.
		{ID: Coupon2000, Name: Text{Ko: "카카오메이커스 2,000원 쿠폰", En: "Kakao Makers coupon 2,000 won"}, Kind: Coupon, Rule: "P-COUPON-1",
			Benefit: makersCoupons, Window: heart, Value: decimal.NewFromInt(2_000), MinOrder: o.CouponMinOrder},
		{ID: Coupon3000, Name: Text{Ko: "카카오메이커스 3,000원 쿠폰", En: "Kakao Makers coupon 3,000 won"}, Kind: Coupon, Rule: "P-COUPON-1",
			Benefit: makersCoupons, Window: heart, Value: decimal.NewFromInt(3_000), MinOrder: o.CouponMinOrder},
		// [P-DRAWER-1] (A) 3,000,000 one-month passes, (B) first come first served.
		{ID: DrawerPlus, Name: Text{Ko: "톡서랍 플러스 1개월 이용권", En: "Talk Drawer Plus, one month"}, Kind: Pass, Rule: "P-DRAWER-1",
			Benefit: drawerPass, Validity: month, Cap: 3_000_000, Window: heart, Renews: renews},
		// [P-CHANNEL-1] (A) 50,000 won of KakaoTalk Channel cash for every small business;
		// (B) how it reaches a business was not published.
		{ID: Channel50000, Name: Text{Ko: "카카오톡 채널 메시지 캐시 50,000원", En: "KakaoTalk Channel cash 50,000 won"}, Kind: Credit, Rule: "P-CHANNEL-1",
			Benefit: channelCash, Window: channel, Value: decimal.NewFromInt(50_000),
			Delivery: Text{Ko: "채널에 적립되는지 따로 신청해야 하는지는 발표되지 않았습니다", En: "whether it is credited to the Channel or claimed was not published"}},
	}}, nil
}

// Kakao1015With returns the catalogue of the Kakao 1015 programme with
// the given options. It returns the errors of [Kakao1015Config], and
// [ErrRange] for a minimum order that is negative, not whole won or
// outside the amount domain.
func Kakao1015With(o Options) (Catalogue, error) {
	c, err := Kakao1015Config(o)
	if err != nil {
		return Catalogue{}, err
	}
	return NewCatalogue(c)
}

// Kakao1015 returns the catalogue of the Kakao 1015 programme with
// [DefaultOptions].
func Kakao1015() Catalogue {
	c, err := Kakao1015With(DefaultOptions())
	if err != nil {
		panic(err) // literals: cannot happen
	}
	return c
}

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

// Config returns a copy of the catalogue's declaration.
func (c Catalogue) Config() Config {
	items := c.Items()
	for i := range items {
		items[i].Zone = nil // the catalogue's, set again by NewCatalogue
	}
	return Config{Items: items, Currency: c.currency, Zone: c.zone}
}

// Currency returns the catalogue's currency.
func (c Catalogue) Currency() Currency { return c.currency }

// Zone returns the zone of the catalogue's days; KST for the zero
// Catalogue.
func (c Catalogue) Zone() *time.Location {
	if c.zone == nil {
		return kst
	}
	return c.zone
}

// Item returns the item with the given ID. It returns an error wrapping
// [ErrUnknownItem] if there is none.
func (c Catalogue) Item(id string) (Item, error) {
	for _, it := range c.items {
		if it.ID == id {
			return it, nil
		}
	}
	return Item{}, fmt.Errorf("%w: %q", ErrUnknownItem, clip(id))
}

// HeartPackage returns the IDs of the heart package for general users
// [P-EMO-1, P-COUPON-1, P-DRAWER-1]: the three emoticons, the two coupons
// and the Drawer pass.
func HeartPackage() []string {
	return []string{EmoticonForever, EmoticonA90, EmoticonB90, Coupon2000, Coupon3000, DrawerPlus}
}

// Describe writes a group of items (those that fulfil one benefit) for
// people in lang ("ko" or "en", as a BCP 47 tag), in the items' currency
// and zone: their face values or sizes, how long each lasts where any
// ends, when they may be claimed (the first item's window, or what the
// sources say of it), for a capped item that it is first come first
// served while it lasts and how many there are, how an item reaches its
// holder where that is not the programme's channel, and what a renewing
// item costs if its holder does nothing. "" for no items.
func (c Catalogue) Describe(items []Item, lang string) string {
	return c.DescribeAsOf(items, lang, time.Time{})
}

// DescribeAsOf is [Catalogue.Describe] as of the instant at: a window
// that has closed by then is said to be over, so that a letter written
// after it does not send its reader to claim. A zero at is Describe's.
func (c Catalogue) DescribeAsOf(items []Item, lang string, at time.Time) string {
	if len(items) == 0 {
		return ""
	}
	ko := !words.IsEnglish(lang)
	zone := c.Zone()
	var b strings.Builder
	b.WriteString(strings.Join(c.valuesAndLives(items, lang), ", "))
	if b.Len() > 0 {
		b.WriteString(". ")
	}
	w := items[0].Window
	switch {
	case !w.Said.IsZero():
		b.WriteString(upperFirst(w.Said.In(lang), lang))
	default:
		fmt.Fprintf(&b, pickLang(ko, "받는 기간: %s부터", "To be claimed from %s"), words.DateTime(w.Opens, zone, lang))
		if !w.Closes.IsZero() {
			fmt.Fprintf(&b, pickLang(ko, " %s까지", " to %s"), words.Date(words.LastDay(w.Closes), zone, lang))
		}
		if w.Closed(at) {
			b.WriteString(pickLang(ko, "(종료)", " (closed)"))
		}
	}
	for _, it := range items {
		switch {
		case it.Cap > 0 && w.Closed(at):
			fmt.Fprintf(&b, pickLang(ko, ", 선착순 %s 명", ", first come first served, %s of them"), words.CountIn(it.Cap, lang))
		case it.Cap > 0:
			fmt.Fprintf(&b, pickLang(ko, ", 선착순 %s 명: 수량이 남아 있는 동안 받을 수 있습니다", ", first come first served: %s of them, while they last"),
				words.CountIn(it.Cap, lang))
		}
	}
	b.WriteString(".")
	seen := map[string]bool{}
	for _, it := range items {
		var more string
		switch {
		case !it.Delivery.IsZero():
			more = upperFirst(it.Delivery.In(lang), lang) + "."
		}
		if more != "" && !seen[more] {
			seen[more] = true
			b.WriteString(" " + more)
		}
		if it.Renews != nil {
			if s := upperFirst(it.Renews.describe(c.currency, zone, lang), lang); !seen[s] {
				seen[s] = true
				b.WriteString(" " + s)
			}
		}
	}
	return b.String()
}

// valuesAndLives are a group's face values (or sizes) and, where any
// ends, how long each lasts.
func (c Catalogue) valuesAndLives(items []Item, lang string) []string {
	ko := !words.IsEnglish(lang)
	zone := c.Zone()
	var parts, values []string
	for _, it := range items {
		switch {
		case !it.Value.IsZero():
			values = append(values, c.currency.Format(it.Value, lang))
		case it.ValueFrom != "":
			values = append(values, pickLang(ko, "금액은 현금 지원 결정에 따름", "the amount the cash decision pays"))
		case !it.Unit.IsZero() && !it.Quantity.IsZero():
			values = append(values, words.Number(it.Quantity)+" "+it.Unit.In(lang))
		case !it.Unit.IsZero():
			values = append(values, it.Unit.In(lang))
		}
	}
	if len(values) > 0 {
		parts = append(parts, strings.Join(values, ", "))
	}
	groups := validityGroups(items)
	if len(groups) == 1 && groups[0].v.IsForever() { // a lifetime says nothing where none ends
		return parts
	}
	for _, g := range groups {
		life := pickLang(ko, "영구", "forever")
		switch {
		case g.v.kind == until:
			life = g.v.StringIn(lang, zone)
		case !g.v.IsForever():
			life = fmt.Sprintf(pickLang(ko, "받은 날부터 %s", "for %s from the day taken"), g.v.StringIn(lang, zone))
		}
		switch {
		case len(items) == 1:
			parts = append(parts, fmt.Sprintf(pickLang(ko, "%s 사용", "usable %s"), life))
		case ko:
			parts = append(parts, fmt.Sprintf("%d종은 %s 사용", g.n, life))
		default:
			parts = append(parts, fmt.Sprintf("%d usable %s", g.n, life))
		}
	}
	return parts
}

// upperFirst starts an English sentence with a capital letter.
func upperFirst(s, lang string) string {
	if !words.IsEnglish(lang) || s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// validityGroup is how many items of a group in a row last how long.
type validityGroup struct {
	v Validity
	n int
}

func validityGroups(items []Item) []validityGroup {
	var out []validityGroup
	for _, it := range items {
		if len(out) > 0 && out[len(out)-1].v.same(it.Validity) {
			out[len(out)-1].n++
			continue
		}
		out = append(out, validityGroup{it.Validity, 1})
	}
	return out
}
