package grants

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
)

// Renewal says an item is a subscription's free time that renews at a
// price unless its holder cancels [P-DRAWER-1]: what a holder pays if
// they do nothing, which a notice must say.
type Renewal struct {
	// Service is the subscription's name: {"톡서랍 플러스", "Talk Drawer
	// Plus"}.
	Service Text `json:"service"`
	// Price is what each Period costs after the free time, in the
	// catalogue's currency.
	Price  decimal.Decimal `json:"price"`
	Period Validity        `json:"period"`
	// Reminders are the days before the first charge on which a reminder
	// goes out, latest first or in any order; each from 1 to 366.
	Reminders []int `json:"reminders,omitempty"`
	// CancelAhead says a cancellation may be booked before the first
	// charge.
	CancelAhead bool `json:"cancelAhead,omitempty"`
	// NewUsers is the free time a holder new to the service gets first,
	// before the item's own; the zero Validity is none. NewUsersProvisional
	// marks it as resting on one report (confidence C): the texts say so.
	NewUsers            Validity `json:"newUsers,omitzero"`
	NewUsersProvisional bool     `json:"newUsersProvisional,omitempty"`
	// Rule is the policy tag of the renewal.
	Rule string `json:"rule"`
}

// check checks a renewal's domain for an item of validity v.
func (r *Renewal) check(v Validity, cur Currency) error {
	switch {
	case v.IsForever() || v.kind == until:
		return fmt.Errorf("%w: a renewal follows a free time of days or months, not %s", ErrInvalid, v)
	case r.Service.IsZero() || r.Rule == "":
		return fmt.Errorf("%w: a renewal names its service and its rule", ErrInvalid)
	case r.Period.IsForever() || r.Period.kind == until:
		return fmt.Errorf("%w: a renewal's period is days or months, not %s", ErrInvalid, r.Period)
	case r.NewUsers.kind == until:
		return fmt.Errorf("%w: a new user's free time is days or months, not %s", ErrInvalid, r.NewUsers)
	}
	if err := checkAmount("renewal price", r.Price); err != nil {
		return err
	}
	if r.Price.Sign() < 0 || !cur.Fits(r.Price) {
		return fmt.Errorf("%w: renewal price %s: not below zero, within %s's %d minor units", ErrRange, r.Price, cur.Code, cur.Minor)
	}
	for _, d := range r.Reminders {
		if d < 1 || d > 366 {
			return fmt.Errorf("%w: a reminder %d days before the charge, want 1 to 366", ErrRange, d)
		}
	}
	return nil
}

// FirstCharge returns when an item issued at issued is first charged
// for, if its holder does not cancel: the end of its validity, after the
// renewal's free time for a new user first where newUser and the renewal
// gives one; with the days before it on which reminders go out, 00:00 in
// the item's zone, latest reminder last. ok is false for an item that
// does not renew.
func (it Item) FirstCharge(issued time.Time, newUser bool) (charge time.Time, reminders []time.Time, ok bool) {
	r := it.Renews
	if r == nil {
		return time.Time{}, nil, false
	}
	zone := it.Zone
	if zone == nil {
		zone = kst
	}
	start := issued
	if newUser && !r.NewUsers.IsForever() {
		start, _ = r.NewUsers.ExpiryIn(issued, zone)
	}
	charge, _ = it.Validity.ExpiryIn(start, zone)
	y, m, d := charge.In(zone).Date()
	for _, n := range r.earliestFirst() {
		reminders = append(reminders, time.Date(y, m, d-n, 0, 0, 0, 0, zone))
	}
	return charge, reminders, true
}

// earliestFirst are the reminders' days before the charge, most days
// first: the earliest reminder first.
func (r *Renewal) earliestFirst() []int {
	days := slices.Clone(r.Reminders)
	slices.SortFunc(days, func(a, b int) int { return b - a })
	return days
}

// describe writes the renewal for people: "해지하지 않으면 ... 월
// 1,900원으로 자동 갱신됩니다 ...".
func (r *Renewal) describe(cur Currency, zone *time.Location, lang string) string {
	ko := !words.IsEnglish(lang)
	price := cur.Format(r.Price, lang)
	var b strings.Builder
	per := r.Period.StringIn(lang, zone)
	monthly := r.Period.kind == months && r.Period.n == 1
	switch {
	case ko && monthly:
		fmt.Fprintf(&b, "이용 기간이 끝나면 해지하지 않는 한 %s 월 %s 자동 갱신됩니다", words.Particle(r.Service.In(lang), "이", "가"), words.Particle(price, "으로", "로"))
	case ko:
		fmt.Fprintf(&b, "이용 기간이 끝나면 해지하지 않는 한 %s %s마다 %s 자동 갱신됩니다", words.Particle(r.Service.In(lang), "이", "가"), per, words.Particle(price, "으로", "로"))
	case monthly:
		fmt.Fprintf(&b, "when it ends, %s renews at %s a month unless cancelled", r.Service.In(lang), price)
	default:
		fmt.Fprintf(&b, "when it ends, %s renews at %s every %s unless cancelled", r.Service.In(lang), price, per)
	}
	var notes []string
	if len(r.Reminders) > 0 {
		days := r.earliestFirst()
		names := make([]string, len(days))
		for i, d := range days {
			names[i] = fmt.Sprintf(pickLang(ko, "%d일 전", "%d days"), d)
			if !ko && d == 1 {
				names[i] = "1 day"
			}
		}
		if ko {
			notes = append(notes, "첫 결제 "+strings.Join(names, "과 ")+"에 알림")
		} else {
			notes = append(notes, "a reminder "+strings.Join(names, " and ")+" before the first charge")
		}
	}
	if r.CancelAhead {
		notes = append(notes, pickLang(ko, "해지는 미리 예약할 수 있음", "a cancellation may be booked ahead"))
	}
	if len(notes) > 0 {
		if ko {
			fmt.Fprintf(&b, "(%s)", strings.Join(notes, ", "))
		} else {
			fmt.Fprintf(&b, " (%s)", strings.Join(notes, "; "))
		}
	}
	b.WriteString(".")
	if !r.NewUsers.IsForever() {
		free := r.NewUsers.StringIn(lang, zone)
		if ko {
			fmt.Fprintf(&b, " %s 처음 이용하면 기본 무료 %s 뒤에 이용권 기간이 이어져 첫 결제가 그만큼 늦어집니다", words.Particle(r.Service.In(lang), "을", "를"), free)
		} else {
			if r.NewUsers.kind == months && r.NewUsers.n == 1 {
				free = "month"
			}
			fmt.Fprintf(&b, " A holder new to %s gets its usual free %s first, and the first charge comes that much later", r.Service.In(lang), free)
		}
		if r.NewUsersProvisional {
			b.WriteString(pickLang(ko, "(잠정: 한 보도에 따른 내용으로 확정되지 않았습니다)", " (provisional: one report says so)"))
		}
		b.WriteString(".")
	}
	return b.String()
}

// pickLang is k in Korean, e in English.
func pickLang(ko bool, k, e string) string {
	if ko {
		return k
	}
	return e
}
