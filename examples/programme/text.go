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
	get, whileLasts, not, next                      string
	none, nothing, report                           string
	paid                                            string // "%s": the benefit, the amount, why
	claimFrom, claimTill                            string // "%s": the items, the opening instant, the channel; the last day
	claimed                                         string // "%s": the items, the last day
	said                                            string // "%s": the items, what the sources say
	review, reviewLater, reviewClosed               string // "%s": the review's name, the documents, the deadline; the name; the name and the deadline
	routed                                          string // "%s": the affiliate's name twice
	provisional, provisionalMark                    string
}

var korean = words{
	title: "# %s 안내", who: "## 지원 대상", items: "## 받을 수 있는 항목", periods: "## 신고 및 신청 기간",
	affiliates: "## 계열사 관련 피해", contact: "## 문의 및 신청",
	hello: "%s 님께\n\n%s 결과를 알려 드립니다(%s 기준).",
	get:   "## 해당하는 지원", whileLasts: "## 선착순으로 받을 수 있는 지원", not: "## 해당하지 않는 지원", next: "## 다음 단계",
	none: "- 없음", nothing: "- 더 하실 일은 없습니다.", report: "신고", paid: "- %s %s: %s",
	claimFrom: "- %s: %s부터%s %s에서 받으실 수 있습니다.", claimTill: " %s까지",
	claimed: "- %s: 받는 기간이 %s에 끝났습니다.",
	said:    "- %s: %s.",
	review:  "- %s: 증빙 서류(%s)를 %s까지 제출해 주세요.", reviewLater: "- %s: 심사 절차는 따로 안내해 드립니다.",
	reviewClosed:    "- %s: 증빙 서류 제출 기간이 %s에 끝났습니다.",
	routed:          "- %s 관련 신고는 %s의 자체 지원으로 이관되었습니다. 해당 계열사의 안내를 확인해 주세요.",
	provisionalMark: "(잠정)",
	provisional:     "‘잠정’으로 표시한 내용은 발표된 것이 아니라 추정이거나 한 보도에 따른 것으로, 확정되지 않았습니다.",
}

var english = words{
	title: "# %s", who: "## Who qualifies", items: "## Items to claim", periods: "## Reporting and application periods",
	affiliates: "## Damage involving affiliates", contact: "## Questions and applications",
	hello: "Dear %s,\n\nThis is the outcome of your %s (as of %s).",
	get:   "## What you qualify for", whileLasts: "## What you may claim while it lasts", not: "## What you do not qualify for", next: "## What to do next",
	none: "- None", nothing: "- There is nothing more to do.", report: "Report", paid: "- %s of %s: %s",
	claimFrom: "- %[1]s: claim in %[4]s from %[2]s%[3]s.", claimTill: " to %s",
	claimed: "- %s: the time to claim ended on %s.",
	said:    "- %s: %s.",
	review:  "- %s: send %s by %s.", reviewLater: "- %s: how the review proceeds will be sent to you.",
	reviewClosed:    "- %s: the time to send documents ended on %s.",
	routed:          "- Your report about %s went to %s's own support; see its notice.",
	provisionalMark: " (provisional)",
	provisional:     "What is marked provisional is an inference or one report's account, not a published figure.",
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
func (p Plan) Notice(lang string) string {
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
		if s := p.p.channelPhrase(lang); s != "" {
			line("- " + s)
		}
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
	if provisionalIn(b.String()) {
		line("")
		line(w.provisional)
	}
	return b.String()
}

// provisionalIn reports whether a text carries a provisional mark, as the
// values write it: "(잠정" in Korean, "(provisional" in English.
func provisionalIn(s string) bool {
	return strings.Contains(s, "(잠정") || strings.Contains(s, "(provisional")
}

// channelPhrase says which benefits' items are claimed in the
// programme's channel: all of them, or those whose items say no other
// way of reaching their holder; "" where none is.
func (p *programme) channelPhrase(lang string) string {
	var names []string
	all := true
	for i, items := range p.items {
		if len(items) == 0 {
			continue
		}
		if slices.ContainsFunc(items, func(it grants.Item) bool { return !it.Delivery.IsZero() || !it.Window.Said.IsZero() }) {
			all = false
			continue
		}
		names = append(names, p.benefits[i].Name.In(lang))
	}
	ko := eligibility.LangOf(lang) != English
	switch {
	case len(names) == 0:
		return ""
	case all && ko:
		return "모든 항목은 " + p.c.Channel.In(lang) + "에서 받을 수 있습니다."
	case all:
		return "Every item is claimed in " + p.c.Channel.In(lang) + "."
	case ko:
		return p.c.Channel.In(lang) + "에서 받는 항목: " + strings.Join(names, ", ") + "."
	}
	return "Claimed in " + p.c.Channel.In(lang) + ": " + strings.Join(names, ", ") + "."
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
// would send, in lang (Markdown): what they qualify for and until when,
// what they may claim while it lasts (a capped item whose window is
// open), what they do not qualify for and why,
// and what to do next (claiming the items, where, or that the time to
// claim has passed; the review, its documents and deadline; the affiliate
// a report went to; a report that did not count). Every window is read
// as of the decision's date: a window closed by then is said to be over.
func (p Plan) Letter(d Decision, lang string) string {
	if p.p == nil {
		return ""
	}
	w := wordsFor(lang)
	var b strings.Builder
	line := func(s string) { b.WriteString(listItem(s, lang) + "\n") }
	line(fmt.Sprintf(w.hello, d.Eligibility.ClaimantID, p.p.c.Name.In(lang), p.p.date(d.Eligibility.At, lang)))
	line("")
	line(w.get)
	if p.p.granted(d, lang, line, false) == 0 {
		line(w.none)
	}
	var lasts strings.Builder
	if p.p.granted(d, lang, func(s string) { lasts.WriteString(listItem(s, lang) + "\n") }, true) > 0 {
		line("")
		line(w.whileLasts)
		b.WriteString(lasts.String())
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
	if p.nextSteps(d, w, lang, line) == 0 {
		line(w.nothing)
	}
	if provisionalIn(b.String()) {
		line("")
		line(w.provisional)
	}
	return b.String()
}

// granted writes, for each benefit d grants (but the review), its cash
// and its items: the capped ones (claimed while they last) where
// whileLasts, the others where not. It returns how many lines it wrote.
func (p *programme) granted(d Decision, lang string, line func(string), whileLasts bool) int {
	w, c, n := wordsFor(lang), &p.c, 0
	for i, en := range d.Eligibility.Entitlements {
		if !d.Granted(en.Benefit) || i == p.review {
			continue
		}
		name := p.benefits[i].Name.In(lang)
		if p.cash[i] >= 0 && !whileLasts {
			for _, pay := range d.Payments {
				if pay.Benefit == en.Benefit {
					line(fmt.Sprintf(w.paid, name, pay.Award.Currency().Format(pay.Award.Amount, lang), pay.Award.TraceIn(lang)[0].Text))
					n++
				}
			}
		}
		items := p.items[i]
		if len(items) == 0 || lasting(items, d.Eligibility.At) != whileLasts {
			continue
		}
		line("- " + name + ": " + c.Catalogue.DescribeAsOf(d.amounted(items), lang, d.Eligibility.At))
		n++
	}
	return n
}

// lasting reports whether a benefit's items are claimed while they last
// as of at: one is capped (first come, first served) and their window has
// not closed.
func lasting(items []grants.Item, at time.Time) bool {
	return !items[0].Window.Closed(at) && slices.ContainsFunc(items, func(it grants.Item) bool { return it.Cap > 0 })
}

// nextSteps writes the letter's steps to take and returns how many.
func (p Plan) nextSteps(d Decision, w *words, lang string, line func(string)) int {
	c, next := &p.p.c, 0
	next += p.p.claimSteps(d, w, lang, line)
	if d.Review {
		b := p.p.benefits[p.p.review]
		name := b.Name.In(lang)
		if b.Provisional && d.Eligibility.Granted(b.Key) {
			name += w.provisionalMark // the policy's own referral rests on an inference
		}
		deadline := p.p.deadline(d.Eligibility.Kind)
		switch {
		case len(c.DocumentsFor) > 0 && !slices.Contains(c.DocumentsFor, d.Eligibility.Kind):
			line(fmt.Sprintf(w.reviewLater, name))
		case !deadline.After(d.Eligibility.At):
			line(fmt.Sprintf(w.reviewClosed, name, p.p.date(lastDay(deadline), lang)))
		default:
			line(fmt.Sprintf(w.review, name, c.Documents.In(lang), p.p.date(lastDay(deadline), lang)))
		}
		next++
	}
	seen := map[string]bool{}
	_, affiliates := c.Eligibility.Operators()
	for _, r := range d.Eligibility.Reports {
		if r.Affiliate && !seen[r.RoutedTo] {
			seen[r.RoutedTo] = true
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

// claimSteps writes, for each claim window of the items d grants, which
// benefits' items are claimed in it and where, what the sources say of it
// where its instants are not theirs, or that it has closed by the
// decision's date. It returns how many lines it wrote.
func (p *programme) claimSteps(d Decision, w *words, lang string, line func(string)) int {
	type group struct {
		win   grants.ClaimWindow
		names []string
	}
	var groups []group
	for i, en := range d.Eligibility.Entitlements {
		if !d.Granted(en.Benefit) || i == p.review || len(p.items[i]) == 0 {
			continue
		}
		win, name := p.items[i][0].Window, p.benefits[i].Name.In(lang)
		k := slices.IndexFunc(groups, func(g group) bool { return g.win.String() == win.String() && g.win.Said == win.Said })
		if k < 0 {
			groups = append(groups, group{win: win})
			k = len(groups) - 1
		}
		groups[k].names = append(groups[k].names, name)
	}
	at := d.Eligibility.At
	for _, g := range groups {
		names := strings.Join(g.names, ", ")
		switch win := g.win; {
		case win.Closed(at):
			line(fmt.Sprintf(w.claimed, names, p.date(lastDay(win.Closes), lang)))
		case !win.Said.IsZero():
			line(fmt.Sprintf(w.said, names, win.Said.In(lang)))
		default:
			till := ""
			if !win.Closes.IsZero() {
				till = fmt.Sprintf(w.claimTill, p.date(lastDay(win.Closes), lang))
			}
			line(fmt.Sprintf(w.claimFrom, names, p.dateTime(win.Opens, lang), till, p.c.Channel.In(lang)))
		}
	}
	return len(groups)
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
