package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/grants"
	"github.com/outagerelief/relief/internal/words"
	"github.com/shopspring/decimal"
	"golang.org/x/text/width"
)

// summary is what a run of the programme found.
type summary struct {
	title     string // the programme's, in lang
	lang      string // the summary's language: "ko" or "en"
	currency  compensation.Currency
	zone      *time.Location
	source    string
	embedded  bool // the embedded intake, whose counts are the published ones
	at        time.Time
	claimants int
	reports   int
	bad       int
	tally     *eligibility.Tally
	tallyTags string                // the policy's tags for the tally: its operator's and its kind's
	benefits  []eligibility.Benefit // the policy's, in its order
	granted   []int                 // claimants granted, by benefit index
	cash      []cashRows            // each cash benefit's bands
	paid      int
	budget    decimal.Decimal
	reviews   struct{ byBand, byCondition int }
	items     []grants.Item
	issued    []int64
	itemsFor  [][]int // by benefit index: indices in items
	soldOut   int
	series    []itemSeries // with -html (trackItems): each capped item's issues in claim order
	times     []claimTimes // with -html: each capped item's claims by their time
}

// cashRows are one cash benefit's band table.
type cashRows struct {
	benefit  string
	name     string
	schedule compensation.Schedule
	bands    []bandRow
}

type bandRow struct {
	label     string
	claimants int
	each      decimal.Decimal
	total     decimal.Decimal
}

// newSummary returns an empty summary of p's decisions as of at, to be
// written in lang ("ko" or "en").
func newSummary(p programme.Plan, at time.Time, lang string) *summary {
	s := &summary{at: at, tally: p.Eligibility().NewTally(), items: p.Catalogue().Items(), benefits: p.Eligibility().Benefits(),
		title: p.Config().Name.In(lang), lang: lang, currency: p.Currency(), zone: p.Zone()}
	tags := p.Eligibility().Config().Tags
	s.tallyTags = tags.Operator
	if tags.Kind != "" && tags.Kind != tags.Operator {
		s.tallyTags += ", " + tags.Kind
	}
	s.issued = make([]int64, len(s.items))
	s.granted = make([]int, len(s.benefits))
	s.itemsFor = make([][]int, len(s.benefits))
	for i, b := range s.benefits {
		for _, it := range p.ItemsFor(b.Key) {
			s.itemsFor[i] = append(s.itemsFor[i], slices.IndexFunc(s.items, func(x grants.Item) bool { return x.ID == it.ID }))
		}
		sc, ok := p.Schedule(b.Key)
		if !ok {
			continue
		}
		name := b.Name.In(lang)
		if name != "" && name[0] >= 'a' && name[0] <= 'z' {
			name = string(name[0]-'a'+'A') + name[1:]
		}
		rows := cashRows{benefit: b.Key, name: name, schedule: sc}
		bands := sc.Bands()
		rows.bands = make([]bandRow, len(bands))
		for i, band := range bands {
			rows.bands[i] = bandRow{label: bandLabel(sc, bands, i, lang), each: band.Amount}
			if !sc.Cap().IsZero() {
				rows.bands[i].each = decimal.Min(band.Amount, sc.Cap())
			}
		}
		s.cash = append(s.cash, rows)
	}
	return s
}

// bandLabel is band i of s for the summary, in lang: "up to 300,000
// won", "over 2 up to 4 days" ("300,000원 이하", "2일 초과 4일 이하"); a
// band of a share says what it is a share of.
func bandLabel(s compensation.Schedule, bands []compensation.Band, i int, lang string) string {
	ko := lang == "ko"
	m := s.Measure()
	unit := " " + m.Unit.In(lang)
	switch {
	case m.Unit.IsZero() && s.Currency() == compensation.KRW && ko:
		unit = "원"
	case m.Unit.IsZero() && s.Currency() == compensation.KRW:
		unit = " won"
	case m.Unit.IsZero():
		unit = " " + strings.ToLower(s.Currency().Code)
	case ko:
		unit = m.Unit.In(lang)
	}
	over := "0"
	if i > 0 {
		over = commas(bands[i-1].UpTo)
	}
	phrase := func(en, k string) string { return inLang(lang, en, k) }
	label := fmt.Sprintf(phrase("over %[1]s up to %[2]s%[3]s", "%[1]s%[3]s 초과 %[2]s%[3]s 이하"), over, commas(bands[i].UpTo), unit)
	switch {
	case m.Of == "" && bands[i].Share != nil:
		return phrase("a share of ", "비율: ") + bands[i].Share.Base
	case m.Of == "":
		label = phrase("every claimant", "모든 신청인")
	case bands[i].Open:
		label = fmt.Sprintf(phrase("over %s%s", "%s%s 초과"), over, unit)
	case i == 0:
		label = fmt.Sprintf(phrase("up to %s%s", "%s%s 이하"), commas(bands[i].UpTo), unit)
	}
	if sh := bands[i].Share; sh != nil {
		label += fmt.Sprintf(phrase(" (%s/%s of %s)", " (%[3]s의 %[1]s/%[2]s)"), sh.Times.String(), sh.Per.String(), sh.Base)
	}
	if bands[i].Review {
		label += phrase(" (review)", " (심사)")
	}
	return label
}

// commas writes an amount with a comma between groups of three digits.
func commas(d decimal.Decimal) string { return compensation.FormatWon(d) }

func count(n int) string { return commas(decimal.NewFromInt(int64(n))) }

// write prints the summary as tables, in the summary's language (its
// lang: "ko" or "en").
func (s *summary) write(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	t := s.phrase
	// Every table's first column is as wide as its longest label.
	label := column(s.labels())
	p("relief simulate: %s\n", s.title)
	p("%s%s\n", t("input:      ", "입력:  "), s.sourceText())
	p(t("claimants:  %s   reports: %s   bad rows: %s   decided as of %s %s\n", "신청인 %s   신고 %s   잘못된 행 %s   판단 기준일 %s %s\n"),
		count(s.claimants), count(s.reports), count(s.bad), s.at.In(s.zone).Format(time.DateOnly), s.at.In(s.zone).Format("MST"))
	if s.bad > 0 {
		p(t("            %s input lines not read as rows: each bad row is its own line, listed on standard error\n",
			"       입력 중 %s줄은 행으로 읽지 못했습니다(잘못된 행은 한 줄에 하나씩, 표준 오류에 적었습니다)\n"), count(s.bad))
	}
	p("\n")
	s.writeTally(p, label)
	if s.embedded {
		p("%s", t("Everything below is synthetic: the intake's claimants, their losses and so the\n"+
			"entitlements, the bands and the cash budget are the generator's, not real claims.\n\n",
			"아래는 모두 합성 자료입니다: 신청인과 손실, 그에 따른 지원 대상·구간·현금 예산은\n생성기가 만든 것이며 실제 신청이 아닙니다.\n\n"))
	}
	p("%s", t("Entitlements (claimants granted)\n", "지원 대상(받는 신청인 수)\n"))
	for i, b := range s.benefits {
		p("  %s %s\n", label(s.benefitLabel(b)), right(count(s.granted[i]), 10))
	}
	p("\n")
	s.writeCash(p, label)
	s.writeItems(p, label)
}

// writeTally writes the intake tally in the council's shape.
func (s *summary) writeTally(p func(string, ...any), label func(string) string) {
	t := s.phrase
	p(t("Intake tally [%s]\n", "접수 현황 [%s]\n"), s.tallyTags)
	head := "  " + label(t("reports", "신고")) + " " + right(t("count", "건수"), 10) + " " + right(t("share", "비율"), 8)
	if s.embedded {
		head += "  " + t("source", "출처")
	}
	p("%s\n", head)
	for _, r := range s.tally.Rows() {
		line := "  " + label(r.Text.In(s.lang)) + " " + right(count(r.Share.N), 10) + " " + right(r.Share.String(), 8)
		switch {
		case s.embedded && r.Routed:
			line += "  " + t("synthetic", "합성")
		case s.embedded:
			line += "  " + t("published", "발표")
		}
		p("%s\n", line)
	}
	p("%s", t("  (shares of received for the operator and affiliates, of its cases below it;\n   exact, rounded half up for display)\n",
		"  (운영사와 계열사 행은 접수 대비, 그 아래 행은 운영사 자체 건 대비 비율;\n   정확히 계산한 뒤 표시할 때만 반올림)\n"))
	if s.embedded {
		p("%s", t("  (the published counts: 87,195 of 105,116 is 83.0%, announced as 83.1%; only the\n   affiliates' total was published, so their split is the generator's)\n",
			"  (발표된 건수로 105,116건 중 87,195건은 83.0%이며 발표는 83.1%; 계열사는 합계만\n   발표되어 계열사별 건수는 생성기가 나눈 것)\n"))
	}
	p("\n")
}

// writeCash writes each cash benefit's bands, the budget and the review
// referrals.
func (s *summary) writeCash(p func(string, ...any), label func(string) string) {
	t := s.phrase
	code := s.currency.Code
	for _, c := range s.cash {
		p(t("%s bands [%s]\n", "%s 구간 [%s]\n"), c.name, c.schedule.Config().Rule)
		p("  %s %s %s %s\n", label(t("band", "구간")), right(t("claimants", "신청인"), 10),
			right(t("each", "1인당")+" ("+code+")", 12), right(t("total", "합계")+" ("+code+")", 16))
		for _, b := range c.bands {
			each := s.currency.Digits(b.each)
			if b.each.IsZero() && len(c.bands) == 1 {
				each = t("a share", "비율")
			}
			p("  %s %s %s %s\n", label(b.label), right(count(b.claimants), 10), right(each, 12), right(s.currency.Digits(b.total), 16))
		}
	}
	if len(s.cash) > 0 {
		p("  %s %s %s %s%s\n", label(t("cash budget", "현금 예산")), right(count(s.paid), 10), right("", 12),
			right(s.currency.Digits(s.budget), 16), s.largeSum(s.budget))
	}
	p(t("Review referrals: %s (by a cash band: %s; by eligibility's condition: %s)\n\n",
		"개별 심사 대상: %s (현금 구간에 따라 %s, 지원 조건에 따라 %s)\n\n"),
		count(s.reviews.byBand+s.reviews.byCondition), count(s.reviews.byBand), count(s.reviews.byCondition))
}

// writeItems writes each item's grants against its cap.
func (s *summary) writeItems(p func(string, ...any), label func(string) string) {
	t := s.phrase
	p("%s", t("Grants issued (to these claimants only, counted against their caps in claim order)\n",
		"지급한 물품(이 신청인들에게만, 신청 순서대로 한도에 맞춰 센 수)\n"))
	p("  %s %s %s\n", label(t("item", "물품")), right(t("issued", "지급"), 10), right(t("cap", "한도"), 12))
	for i, it := range s.items {
		capText := t("none", "없음")
		if it.Cap > 0 {
			capText = commas(decimal.NewFromInt(it.Cap))
		}
		p("  %s %s %s\n", label(it.Name.In(s.lang)), right(commas(decimal.NewFromInt(s.issued[i])), 10), right(capText, 12))
	}
	if s.soldOut > 0 {
		p(t("  claims refused, sold out: %s\n", "  한도 소진으로 받지 못한 신청: %s\n"), count(s.soldOut))
	}
}

// sourceText is the input, as the summary names it.
func (s *summary) sourceText() string {
	if s.embedded {
		return fmt.Sprintf(s.phrase("embedded synthetic intake (seed %d): generated to match the published counts, not real claims",
			"내장 합성 접수 자료(시드 %d): 발표된 건수에 맞춰 생성한 것으로, 실제 신청이 아닙니다"), intake.Seed)
	}
	return s.source
}

// phrase is en or ko, in the summary's language.
func (s *summary) phrase(en, ko string) string { return inLang(s.lang, en, ko) }

// inLang is ko where lang is "ko", else en.
func inLang(lang, en, ko string) string {
	if lang == "ko" {
		return ko
	}
	return en
}

// benefitLabel is a benefit's row label: its key in English (what the
// -json records and programme files name), its name in Korean.
func (s *summary) benefitLabel(b eligibility.Benefit) string {
	if s.lang == "ko" {
		return b.Name.In("ko")
	}
	return b.Key
}

// largeSum is, in Korean, a sum of won as Korean readers write one
// beside its digits ("  (1억 9,136만 원)"); "" otherwise, or under 10,000.
func (s *summary) largeSum(d decimal.Decimal) string {
	if s.lang != "ko" || s.currency != compensation.KRW || !d.IsInteger() || d.LessThan(decimal.NewFromInt(10_000)) || !d.LessThan(decimal.New(1, 18)) {
		return ""
	}
	return "  (" + words.CountIn(d.IntPart(), "ko") + " 원)"
}

// right pads s on the left to n columns of a terminal.
func right(s string, n int) string { return strings.Repeat(" ", max(0, n-displayWidth(s))) + s }

// displayWidth is how many columns of a terminal s takes: two for a wide
// character (Hangul, CJK), one for any other.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// labels are the summary's first-column labels.
func (s *summary) labels() []string {
	var out []string
	for _, r := range s.tally.Rows() {
		out = append(out, r.Text.In(s.lang))
	}
	for _, b := range s.benefits {
		out = append(out, s.benefitLabel(b))
	}
	for _, c := range s.cash {
		for _, b := range c.bands {
			out = append(out, b.label)
		}
	}
	for _, it := range s.items {
		out = append(out, it.Name.In(s.lang))
	}
	return out
}

// column pads a table's first column to 34 characters, or to the longest
// of its labels.
func column(labels []string) func(string) string {
	w := 34
	for _, l := range labels {
		w = max(w, displayWidth(l))
	}
	return func(l string) string { return l + strings.Repeat(" ", max(0, w-displayWidth(l))) }
}
