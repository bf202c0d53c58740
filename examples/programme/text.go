package programme

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/grants"
)

// The public notice and the letters are put together from the values'
// descriptions of themselves (the policy's benefits, windows and
// affiliates, each schedule's bands, the catalogue's items) and the
// programme's own words (its name, channel, documents and contact), so
// that nothing in them is written twice, and nothing names a programme
// but its own values. Only the headings and the joining phrases below are
// the composition's, and they name nothing. Korean is the default
// language; "en" gives English.

// words holds a language's fixed phrases.
type words struct {
	title, who, items, periods, affiliates, contact string
	hello                                           string // "%s": the claimant, the programme, the date
	get, not, next                                  string
	none, nothing, report                           string
	paid                                            string // "%s": the benefit, the amount, why
	claimFrom, claimTill                            string // "%s": the opening instant, the channel; the last day
	review                                          string // "%s": the review's name, the documents, the deadline
	routed                                          string // "%s": the affiliate's name twice
	footer                                          string
}

var korean = words{
	title: "# %s 안내", who: "## 지원 대상", items: "## 받을 수 있는 항목", periods: "## 신고 및 신청 기간",
	affiliates: "## 계열사 관련 피해", contact: "## 문의 및 신청",
	hello: "%s 님께,\n\n%s 결과를 알려 드립니다. (%s 기준)",
	get:   "## 받으시는 지원", not: "## 받지 않으시는 지원", next: "## 다음 단계",
	none: "- 없음", nothing: "- 더 하실 일은 없습니다.", report: "신고", paid: "- %s %s: %s",
	claimFrom: "- 받으실 항목은 %s부터%s %s에서 받을 수 있습니다.", claimTill: " %s까지",
	review: "- %s: 증빙 서류(%s)를 %s까지 제출해 주세요.",
	routed: "- %s 관련 신고는 %s의 자체 지원으로 이관되었습니다. 해당 계열사의 안내를 확인해 주세요.",
	footer: "이 안내의 모든 수치는 지원 정책의 값에서 만들어졌습니다.",
}

var english = words{
	title: "# %s", who: "## Who qualifies", items: "## Items to claim", periods: "## Reporting and application periods",
	affiliates: "## Damage involving affiliates", contact: "## Questions and applications",
	hello: "Dear %s,\n\nThis is the outcome of your %s (as of %s).",
	get:   "## What you get", not: "## What you do not get", next: "## What to do next",
	none: "- None", nothing: "- There is nothing more to do.", report: "Report", paid: "- %s of %s: %s",
	claimFrom: "- Claim your items in %[3]s from %[1]s%[2]s.", claimTill: " to %s",
	review: "- %s: send %s by %s.",
	routed: "- Your report about %s went to %s's own support; see its notice.",
	footer: "Every figure in this notice is read from the programme's values.",
}

// Korean is the default language of the texts; English is "en".
const (
	Korean  = eligibility.Korean
	English = eligibility.English
)

func wordsFor(lang string) *words {
	if eligibility.LangOf(lang) == English {
		return &english
	}
	return &korean
}

// date writes the day of t in the programme's zone, as Koreans or the
// English write it: "2023년 1월 5일", "5 January 2023".
func (p *programme) date(t time.Time, lang string) string {
	t = t.In(p.c.Eligibility.Zone())
	if eligibility.LangOf(lang) == English {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d년 %d월 %d일", t.Year(), t.Month(), t.Day())
}

// dateTime adds the time of day and, in English, the zone's abbreviation.
func (p *programme) dateTime(t time.Time, lang string) string {
	z := p.c.Eligibility.Zone()
	if eligibility.LangOf(lang) == English {
		return t.In(z).Format("2 January 2006, 15:04 MST")
	}
	return p.date(t, lang) + t.In(z).Format(" 15:04")
}

// lastDay is the last instant of a window that closes at closes.
func lastDay(closes time.Time) time.Time { return closes.Add(-time.Nanosecond) }

// Notice renders the programme's public notice in lang (Markdown): who
// qualifies for each benefit (from its condition), each cash benefit's
// bands, cap and review, each benefit's items with their values,
// validity, claim window and cap, where they are claimed, the reporting
// and application periods, the affiliates whose cases go elsewhere and
// where to ask. Every figure is read from the programme's values.
func (p Programme) Notice(lang string) string {
	if p.p == nil {
		return ""
	}
	w, c := wordsFor(lang), &p.p.c
	d := c.Eligibility.Describe(lang)
	var b strings.Builder
	line := func(s string) { b.WriteString(listItem(s, lang) + "\n") }
	line(fmt.Sprintf(w.title, c.Name.In(lang)))
	line("")
	line(w.who)
	for i, s := range d.Benefits {
		// A review that only a cash band grants is said with the bands.
		if i == p.p.review && p.p.benefits[i].When.IsNever() {
			continue
		}
		line("- " + s)
	}
	if p.p.measuresLoss() {
		line("- " + d.Losses)
	}
	for _, cash := range c.Cash {
		line("")
		line("## " + upper(p.p.benefitName(cash.Benefit, lang), lang))
		for _, s := range cash.Schedule.Describe(lang) {
			line("- " + s)
		}
	}
	if len(p.p.byID) > 0 {
		line("")
		line(w.items)
		for i, items := range p.p.items {
			if len(items) > 0 {
				line("- " + p.p.benefits[i].Name.In(lang) + ": " + c.Catalogue.Describe(items, lang))
			}
		}
		line("- " + channelPhrase(c.Channel, lang))
	}
	if len(d.Windows) > 0 {
		line("")
		line(w.periods)
		for _, s := range d.Windows {
			line("- " + s)
		}
	}
	if d.Affiliates != "" {
		line("")
		line(w.affiliates)
		line("- " + d.Affiliates)
	}
	if !c.Contact.IsZero() {
		line("")
		line(w.contact)
		line("- " + c.Contact.In(lang))
	}
	line("")
	line(w.footer)
	return b.String()
}

// channelPhrase says where every item is claimed.
func channelPhrase(channel Text, lang string) string {
	if eligibility.LangOf(lang) == English {
		return "Every item is claimed in " + channel.In(lang) + "."
	}
	return "모든 항목은 " + channel.In(lang) + "에서 받을 수 있습니다."
}

// listItem starts an English list item ("- ...") with a capital letter,
// as the values' phrases start in lower case to be put in sentences.
func listItem(s, lang string) string {
	if rest, ok := strings.CutPrefix(s, "- "); ok {
		return "- " + upper(rest, lang)
	}
	return s
}

// upper starts an English phrase with a capital letter.
func upper(s, lang string) string {
	if eligibility.LangOf(lang) != English || s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// measuresLoss reports whether a cash schedule bands the claimant's loss.
func (p *programme) measuresLoss() bool {
	for _, c := range p.c.Cash {
		if c.Schedule.Measure().Of == compensation.MeasureLoss {
			return true
		}
	}
	return false
}

// amounted returns items with each bill credit's value that of the
// decision's payment it takes its value from.
func (d Decision) amounted(items []grants.Item) []grants.Item {
	out := items
	for i, it := range items {
		if it.ValueFrom == "" {
			continue
		}
		for _, pay := range d.Payments {
			if pay.Benefit == it.ValueFrom {
				if &out[0] == &items[0] {
					out = slices.Clone(items)
				}
				out[i].Value, out[i].ValueFrom = pay.Award.Amount, ""
			}
		}
	}
	return out
}

func (p *programme) benefitName(key, lang string) string {
	for _, b := range p.benefits {
		if b.Key == key {
			return b.Name.In(lang)
		}
	}
	return key
}

// Letter renders, for one claimant's decision, the letter a support bot
// would send, in lang (Markdown): what they get and until when, what they
// do not get and why, and what to do next (claiming the items, where; the
// review, its documents and deadline; the affiliate a report went to; a
// report that did not count).
func (p Programme) Letter(d Decision, lang string) string {
	if p.p == nil {
		return ""
	}
	w, c := wordsFor(lang), &p.p.c
	var b strings.Builder
	line := func(s string) { b.WriteString(listItem(s, lang) + "\n") }
	line(fmt.Sprintf(w.hello, d.Eligibility.ClaimantID, c.Name.In(lang), p.p.date(d.Eligibility.At, lang)))
	line("")
	line(w.get)
	got := 0
	for i, en := range d.Eligibility.Entitlements {
		if !d.Granted(en.Benefit) || i == p.p.review {
			continue
		}
		name := p.p.benefits[i].Name.In(lang)
		if k := p.p.cash[i]; k >= 0 {
			for _, pay := range d.Payments {
				if pay.Benefit == en.Benefit {
					line(fmt.Sprintf(w.paid, name, pay.Award.Currency().Format(pay.Award.Amount, lang), pay.Award.TraceIn(lang)[0].Text))
					got++
				}
			}
		}
		if items := p.p.items[i]; len(items) > 0 {
			line("- " + name + ": " + c.Catalogue.Describe(d.amounted(items), lang))
			got++
		}
	}
	if got == 0 {
		line(w.none)
	}
	line("")
	line(w.not)
	not := 0
	for i, en := range d.Eligibility.Entitlements {
		// Review is a step, not a benefit: it is under what to do next
		// where it applies.
		if d.Granted(en.Benefit) || len(en.Reasons) == 0 || i == p.p.review {
			continue
		}
		not++
		line("- " + p.p.benefits[i].Name.In(lang) + ": " + en.Reasons[len(en.Reasons)-1].TextIn(lang))
	}
	if not == 0 {
		line(w.none)
	}
	line("")
	line(w.next)
	next := p.nextSteps(d, w, lang, line)
	if next == 0 {
		line(w.nothing)
	}
	return b.String()
}

// nextSteps writes the letter's steps to take and returns how many.
func (p Programme) nextSteps(d Decision, w *words, lang string, line func(string)) int {
	c, next := &p.p.c, 0
	seen := map[string]bool{}
	for _, it := range d.Items() {
		win := it.Window
		if key := win.String(); !seen[key] {
			seen[key] = true
			till := ""
			if !win.Closes.IsZero() {
				till = fmt.Sprintf(w.claimTill, p.p.date(lastDay(win.Closes), lang))
			}
			line(fmt.Sprintf(w.claimFrom, p.p.dateTime(win.Opens, lang), till, c.Channel.In(lang)))
			next++
		}
	}
	if d.Review {
		line(fmt.Sprintf(w.review, p.p.benefits[p.p.review].Name.In(lang), c.Documents.In(lang), p.p.date(lastDay(p.p.deadline(d.Eligibility.Kind)), lang)))
		next++
	}
	_, affiliates := c.Eligibility.Operators()
	for _, r := range d.Eligibility.Reports {
		if r.Affiliate && !seen["affiliate:"+r.RoutedTo] {
			seen["affiliate:"+r.RoutedTo] = true
			name := r.RoutedTo
			for _, a := range affiliates {
				if a.Key == r.RoutedTo {
					name = a.Name.In(lang)
				}
			}
			line(fmt.Sprintf(w.routed, name, name))
			next++
		}
	}
	for _, r := range d.Eligibility.Reports {
		if !r.Counts && !r.Affiliate && len(r.Reasons) > 0 {
			line("- " + w.report + " " + r.ID + ": " + r.Reasons[len(r.Reasons)-1].TextIn(lang))
			next++
		}
	}
	return next
}

// deadline is when the last window open to the kind closes: the deadline
// for a review's documents [P-CASH-4].
func (p *programme) deadline(k eligibility.Kind) time.Time {
	var last time.Time
	for _, w := range p.c.Eligibility.Config().Windows {
		if w.Admits(k) && w.Closes.After(last) {
			last = w.Closes
		}
	}
	return last
}
