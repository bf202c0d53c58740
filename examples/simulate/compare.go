package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// comparison is what a change of programme does to the claims: the
// summary of the programme before, and each claimant whose outcome
// changes.
type comparison struct {
	before   programme.Plan
	summary  *summary
	compared int
	changed  []string // a line each: the claimant and what changed
	bad      []string // claimants the programme before refuses as bad input
}

// restrict keeps of c's attributes and bases those p declares, so that a
// claims file written for one programme can be decided by another that
// declares less.
func restrict(c programme.Claim, p eligibility.Policy) programme.Claim {
	attrs := p.Attributes()
	keep := c.Claimant.Attributes[:0:0]
	for _, a := range c.Claimant.Attributes {
		if slices.ContainsFunc(attrs, func(x eligibility.Attribute) bool { return x.Key == a }) {
			keep = append(keep, a)
		}
	}
	c.Claimant.Attributes = keep
	if c.Claimant.Bases != nil {
		bases := p.Bases()
		m := map[string]decimal.Decimal{}
		for k, v := range c.Claimant.Bases {
			if slices.ContainsFunc(bases, func(x eligibility.Base) bool { return x.Key == k }) {
				m[k] = v
			}
		}
		c.Claimant.Bases = m
	}
	if _, ok := p.Kind(c.Claimant.Kind); !ok {
		c.Claimant.Kind = "" // refused, and said so
	}
	return c
}

// view is a decision in short, for comparing two.
type view struct {
	cash    map[string]decimal.Decimal
	review  bool
	granted []string
	items   []string
}

func viewOf(d programme.Decision) view {
	v := view{cash: map[string]decimal.Decimal{}, review: d.Review}
	for _, pay := range d.Payments {
		v.cash[pay.Benefit] = pay.Award.Amount
	}
	d.EachGranted(func(_ int, b string) { v.granted = append(v.granted, b) })
	for _, it := range d.Items() {
		v.items = append(v.items, it.ID)
	}
	return v
}

// diff says what changed from a to b: "cash-support 30,000 -> 40,000;
// review -> yes; +drawer-pass; -makers-coupons", "" where nothing did.
func diff(a, b view, cur compensation.Currency) string {
	var parts []string
	keys := map[string]bool{}
	for k := range a.cash {
		keys[k] = true
	}
	for k := range b.cash {
		keys[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if x, y := a.cash[k], b.cash[k]; !x.Equal(y) {
			parts = append(parts, fmt.Sprintf("%s %s -> %s", k, cur.Format(x, "en"), cur.Format(y, "en")))
		}
	}
	if a.review != b.review {
		parts = append(parts, fmt.Sprintf("review %v -> %v", a.review, b.review))
	}
	parts = append(parts, missing(a.granted, b.granted, "+")...)
	parts = append(parts, missing(b.granted, a.granted, "-")...)
	parts = append(parts, missing(a.items, b.items, "+item ")...)
	parts = append(parts, missing(b.items, a.items, "-item ")...)
	return strings.Join(parts, "; ")
}

// missing is each of to that from does not hold, marked.
func missing(from, to []string, mark string) []string {
	var out []string
	for _, x := range to {
		if !slices.Contains(from, x) {
			out = append(out, mark+x)
		}
	}
	return out
}

// add compares one claimant's decisions.
func (c *comparison) add(oc *decided, after programme.Plan) error {
	c.compared++
	bc := oc.before
	if bc.bad != "" {
		c.bad = append(c.bad, oc.claim.Claimant.ID+": "+bc.bad)
		return nil
	}
	if err := c.summary.add(&bc.claim, &bc.d); err != nil {
		return err
	}
	if d := diff(viewOf(bc.d), viewOf(oc.d), after.Currency()); d != "" {
		c.changed = append(c.changed, oc.claim.Claimant.ID+": "+d)
	}
	return nil
}

// write prints the change: the claimants compared and changed, the cost
// before and after, the entitlements and the items against their caps
// before and after, then each changed claimant.
func (c *comparison) write(w io.Writer, after *summary) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	t := after.phrase
	code := after.currency.Code
	p(t("\nPolicy change: from %s to %s\n", "\n정책 변경: %s에서 %s(으)로\n"), c.before.Config().Name.In(after.lang), after.title)
	p(t("  claimants compared %s, outcome changed %s", "  비교한 신청인 %s, 결과가 바뀐 신청인 %s"), count(c.compared), count(len(c.changed)))
	if len(c.bad) > 0 {
		p(t(", refused by the programme before %s", ", 이전 프로그램이 거부한 신청인 %s"), count(len(c.bad)))
	}
	p("\n")
	if c.summary.currency != after.currency {
		p(t("  cash before: %s %s; after: %s %s (the currencies differ: no delta)\n", "  현금 이전: %s %s, 이후: %s %s (통화가 달라 차이를 계산하지 않습니다)\n"),
			c.summary.currency.Digits(c.summary.budget), c.summary.currency.Code, after.currency.Digits(after.budget), code)
	} else {
		p(t("  cash before: %s %s to %s claimants; after: %s %s to %s; the change costs %s %s\n", "  현금 이전: %s %s (신청인 %s), 이후: %s %s (신청인 %s), 변경 비용 %s %s\n"),
			after.currency.Digits(c.summary.budget), code, count(c.summary.paid), after.currency.Digits(after.budget), code, count(after.paid),
			after.currency.Digits(after.budget.Sub(c.summary.budget)), code)
	}
	p(t("  reviews before: %s; after: %s\n", "  개별 심사 이전: %s, 이후: %s\n"), count(c.summary.reviews.byBand+c.summary.reviews.byCondition),
		count(after.reviews.byBand+after.reviews.byCondition))
	keys, ids := unionKeys(c.summary.benefits, after.benefits), unionItems(c.summary, after)
	label := column(slices.Concat(keys, ids))
	before, afterText := t("before", "이전"), t("after", "이후")
	p("  %s %s %s\n", label(t("benefit", "지원")), right(before, 10), right(afterText, 10))
	for _, key := range keys {
		p("  %s %s %s\n", label(key), right(countOf(c.summary, key), 10), right(countOf(after, key), 10))
	}
	p("  %s %s %s %s\n", label(t("item", "물품")), right(before, 10), right(afterText, 10), right(t("cap after", "이후 한도"), 12))
	for _, id := range ids {
		b, _ := issuedOf(c.summary, id)
		a, capText := issuedOf(after, id)
		if capText == "none" {
			capText = t("none", "없음")
		}
		p("  %s %s %s %s\n", label(id), right(b, 10), right(a, 10), right(capText, 12))
	}
	if len(c.changed) > 0 {
		p("%s", t("Claimants whose outcome changes\n", "결과가 바뀐 신청인\n"))
		for _, line := range c.changed {
			p("  %s\n", line)
		}
	}
	for _, line := range c.bad {
		p(t("  refused by the programme before: %s\n", "  이전 프로그램이 거부: %s\n"), line)
	}
}

func unionKeys(a, b []eligibility.Benefit) []string {
	var out []string
	for _, x := range append(slices.Clone(a), b...) {
		if !slices.Contains(out, x.Key) {
			out = append(out, x.Key)
		}
	}
	return out
}

func countOf(s *summary, key string) string {
	for i, b := range s.benefits {
		if b.Key == key {
			return count(s.granted[i])
		}
	}
	return "-"
}

func unionItems(a, b *summary) []string {
	var out []string
	for _, it := range slices.Concat(a.items, b.items) {
		if !slices.Contains(out, it.ID) {
			out = append(out, it.ID)
		}
	}
	return out
}

// issuedOf is how many of the item s counted, and its cap there.
func issuedOf(s *summary, id string) (issued, capText string) {
	for i, it := range s.items {
		if it.ID == id {
			capText = "none"
			if it.Cap > 0 {
				capText = count(int(it.Cap))
			}
			return count(int(s.issued[i])), capText
		}
	}
	return "-", "-"
}
