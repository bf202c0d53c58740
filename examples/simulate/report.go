package main

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

// maxPoints bounds each capped item's series of issues against claim
// order: past it, every other point is dropped and the step doubles.
const maxPoints = 512

// itemSeries is a capped item's issued count after every step-th
// claimant decided, for the report's chart of claims against the cap.
type itemSeries struct {
	step   int
	points [][2]int64 // claimants decided, issued
}

// windowBuckets is how many stretches of its claim window a capped
// item's claims are counted in, for the report's chart over the window.
const windowBuckets = 96

// openEnded is the stretch a window with no closing is charted over.
const openEnded = 31 * 24 * time.Hour

// claimTimes counts a capped item's claims by when they were made
// (programme.Claim.ClaimedAt): in each of windowBuckets equal stretches
// of the item's claim window [opens, closes), before it, after it, and
// with no time.
type claimTimes struct {
	opens, closes          time.Time
	buckets                [windowBuckets]int64
	before, after, unknown int64
}

// add counts one claim made at t.
func (c *claimTimes) add(t time.Time) {
	switch {
	case t.IsZero():
		c.unknown++
	case t.Before(c.opens):
		c.before++
	case !t.Before(c.closes):
		c.after++
	default:
		c.buckets[min(int(t.Sub(c.opens)/c.stretch()), windowBuckets-1)]++
	}
}

// stretch is the length of one of the window's windowBuckets stretches
// (the last takes the remainder).
func (c *claimTimes) stretch() time.Duration {
	return max(1, c.closes.Sub(c.opens)/windowBuckets)
}

// end is when stretch k ends.
func (c *claimTimes) end(k int) time.Time {
	if k == windowBuckets-1 {
		return c.closes
	}
	return c.opens.Add(c.stretch() * time.Duration(k+1))
}

// timed reports whether any claim had a time.
func (c *claimTimes) timed() bool {
	return c.before+c.after > 0 || slices.ContainsFunc(c.buckets[:], func(n int64) bool { return n > 0 })
}

// trackItems has the summary keep each capped item's issued count
// against claim order (track), and its claims by time over its claim
// window, for the report's charts.
func (s *summary) trackItems() {
	s.series = make([]itemSeries, len(s.items))
	s.times = make([]claimTimes, len(s.items))
	for i, it := range s.items {
		s.series[i].step = 1
		closes := it.Window.Closes
		if closes.IsZero() {
			closes = it.Window.Opens.Add(openEnded)
		}
		s.times[i] = claimTimes{opens: it.Window.Opens, closes: closes}
	}
}

// claimed counts, where the summary keeps them (trackItems), a claim
// made at t of the capped item i.
func (s *summary) claimed(i int, t time.Time) {
	if s.times != nil {
		s.times[i].add(t)
	}
}

// track notes, every step-th claimant, each capped item's issued count,
// where the summary keeps them (trackItems).
func (s *summary) track() {
	if s.series == nil {
		return
	}
	for i, it := range s.items {
		sr := &s.series[i]
		if it.Cap <= 0 || s.claimants%sr.step != 0 {
			continue
		}
		sr.points = append(sr.points, [2]int64{int64(s.claimants), s.issued[i]})
		if len(sr.points) > maxPoints {
			kept := sr.points[:0]
			for k, pt := range sr.points {
				if k%2 == 1 {
					kept = append(kept, pt)
				}
			}
			sr.points, sr.step = kept, sr.step*2
		}
	}
}

// writeHTML writes the run as one self-contained page (no network: its
// styles inline, its charts SVG drawn here), readable on a phone: the
// intake tally, the entitlements, the band distribution and the cash
// budget as charts, the review referrals, each capped item's claims
// against its cap over its claim window (in claim order where the claims
// have no times), and the programme's notice. Every
// figure the text summary prints has a data-figure attribute, so that a
// test can read it from the page as a browser renders it.
func (s *summary) writeHTML(w io.Writer, p programme.Plan) error {
	return reportPage.Execute(w, s.reportData(p))
}

// A chart is horizontal bars in an SVG box 620 wide: each bar's label
// on the left, the bar from x 300 (the longest 230 long), its value
// after it.
type chart struct {
	Height int
	Bars   []bar
}

// bar is one bar of a chart: its label, its value as written, its top
// and its length.
type bar struct {
	Label, Value string
	Y            int
	Width, EndX  float64
}

// barChart makes a chart of values, labelled, each written by format.
func barChart(labels []string, values []decimal.Decimal, format func(decimal.Decimal) string) chart {
	top := decimal.Zero
	for _, v := range values {
		top = decimal.Max(top, v)
	}
	c := chart{Height: 22 * len(values)}
	for i, v := range values {
		width := 0.0
		if top.Sign() > 0 {
			width, _ = v.Div(top).Mul(decimal.NewFromInt(230)).Float64()
		}
		c.Bars = append(c.Bars, bar{Label: labels[i], Value: format(v), Y: 22 * i, Width: width, EndX: 305 + width})
	}
	return c
}

type reportData struct {
	Lang, Title, Source, Date    string
	Claimants, Reports, Bad      string
	T                            func(en, ko string) string
	Tally                        [][3]string
	Entitlements                 chart
	Cash                         []cashChart
	Budget, BudgetLarge, Reviews string
	Items                        []itemChart
	Notice                       []noticeLine
}

type cashChart struct {
	Name      string
	Claimants chart
	Totals    chart
}

type itemChart struct {
	Name, Issued, Cap string
	Path              string // the SVG polyline of issued against claim order, or over the window, in a 600 x 120 box
	// With claim times: the window's ends, when the units ran out (""
	// where they did not), and the claims outside the window or with no
	// time.
	Timed                  bool
	Opens, Closes, SoldOut string
	SoldOutAt              string // SoldOut in RFC 3339, for the page's <time>
	Before, After, Unknown string
}

type noticeLine struct {
	Kind, Text string // h (a heading), li (an item), p (a paragraph)
}

func (s *summary) reportData(p programme.Plan) reportData {
	n := func(i int) decimal.Decimal { return decimal.NewFromInt(int64(i)) }
	d := reportData{Lang: s.lang, Title: s.title, Source: s.sourceText(), Date: s.at.In(s.zone).Format("2006-01-02 MST"),
		Claimants: count(s.claimants), Reports: count(s.reports), Bad: count(s.bad), T: s.phrase,
		Budget: s.currency.Digits(s.budget), BudgetLarge: strings.TrimSpace(s.largeSum(s.budget)),
		Reviews: count(s.reviews.byBand + s.reviews.byCondition)}
	for _, r := range s.tally.Rows() {
		d.Tally = append(d.Tally, [3]string{strings.TrimSpace(r.Text.In(s.lang)), count(r.Share.N), r.Share.String()})
	}
	var labels []string
	var values []decimal.Decimal
	for i, b := range s.benefits {
		labels, values = append(labels, s.benefitLabel(b)), append(values, n(s.granted[i]))
	}
	d.Entitlements = barChart(labels, values, commas)
	for _, c := range s.cash {
		var labels []string
		var people, totals []decimal.Decimal
		for _, b := range c.bands {
			labels, people, totals = append(labels, b.label), append(people, n(b.claimants)), append(totals, b.total)
		}
		d.Cash = append(d.Cash, cashChart{Name: c.name, Claimants: barChart(labels, people, commas), Totals: barChart(labels, totals, s.currency.Digits)})
	}
	for i, it := range s.items {
		if it.Cap <= 0 {
			continue
		}
		ic := itemChart{Name: it.Name.In(s.lang), Issued: commas(n(int(s.issued[i]))), Cap: commas(decimal.NewFromInt(it.Cap))}
		if ct := &s.times[i]; ct.timed() {
			s.timedChart(&ic, ct, it.Cap)
			d.Items = append(d.Items, ic)
			continue
		}
		var pts []string
		for _, pt := range s.series[i].points {
			x := 600 * float64(pt[0]) / float64(max(1, s.claimants))
			y := 120 - 120*float64(min(pt[1], it.Cap))/float64(it.Cap)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		}
		ic.Path = strings.Join(pts, " ")
		d.Items = append(d.Items, ic)
	}
	for _, line := range strings.Split(p.Notice(s.lang), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
		case strings.HasPrefix(line, "#"):
			d.Notice = append(d.Notice, noticeLine{"h", strings.TrimSpace(strings.TrimLeft(line, "#"))})
		case strings.HasPrefix(line, "- "):
			d.Notice = append(d.Notice, noticeLine{"li", strings.TrimPrefix(line, "- ")})
		default:
			d.Notice = append(d.Notice, noticeLine{"p", line})
		}
	}
	return d
}

// timedChart draws a capped item's units against its cap over its claim
// window: first come, first served by claim time, the units issued by
// the end of each stretch are the claims made by then, up to the cap.
func (s *summary) timedChart(ic *itemChart, ct *claimTimes, cap int64) {
	ic.Timed = true
	ic.Opens, ic.Closes = s.instant(ct.opens), s.instant(ct.closes)
	ic.Before, ic.After, ic.Unknown = count(int(ct.before)), count(int(ct.after)), count(int(ct.unknown))
	pts := []string{"0.0,120.0"}
	var claims int64
	for k, n := range ct.buckets {
		claims += n
		if claims >= cap && ic.SoldOut == "" {
			end := ct.end(k)
			ic.SoldOut, ic.SoldOutAt = s.instant(end), end.In(s.zone).Format(time.RFC3339)
		}
		x := 600 * float64(k+1) / windowBuckets
		y := 120 - 120*float64(min(claims, cap))/float64(cap)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	ic.Path = strings.Join(pts, " ")
}

// instant writes t in the programme's zone, to the minute.
func (s *summary) instant(t time.Time) string { return t.In(s.zone).Format("2006-01-02 15:04 MST") }

var reportPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>relief simulate: {{.Title}}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK KR", "Apple SD Gothic Neo", sans-serif; margin: 1rem auto; max-width: 52rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; } td, th { padding: .2rem .4rem; border-bottom: 1px solid #eee; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 100%; } .chart text { font-size: 11px; fill: #222; } .bar { fill: #3b73b9; } .cap { stroke: #c33; stroke-dasharray: 4 3; }
.line { fill: none; stroke: #3b73b9; stroke-width: 2; } .big { font-size: 1.3rem; font-weight: 600; }
.notice { background: #f6f6f6; padding: .5rem 1rem; border-radius: .3rem; }
</style>
</head>
<body>
<h1>relief simulate: {{.Title}}</h1>
<p>{{call .T "input" "입력"}}: {{.Source}}</p>
<p>{{call .T "claimants" "신청인"}} <span data-figure="claimants">{{.Claimants}}</span> ·
{{call .T "reports" "신고"}} <span data-figure="reports">{{.Reports}}</span> ·
{{call .T "bad rows" "잘못된 행"}} <span data-figure="bad">{{.Bad}}</span> ·
{{call .T "decided as of" "판단 기준일"}} {{.Date}}</p>

<h2>{{call .T "Intake tally" "접수 현황"}}</h2>
<table><tr><th>{{call .T "reports" "신고"}}</th><th class="n">{{call .T "count" "건수"}}</th><th class="n">{{call .T "share" "비율"}}</th></tr>
{{range .Tally}}<tr><td>{{index . 0}}</td><td class="n" data-figure="tally">{{index . 1}}</td><td class="n">{{index . 2}}</td></tr>
{{end}}</table>

<h2>{{call .T "Entitlements (claimants granted)" "지원 대상(받는 신청인 수)"}}</h2>
{{template "bars" .Entitlements}}

{{range .Cash}}<h2>{{.Name}}: {{call $.T "claimants by band" "구간별 신청인"}}</h2>
{{template "bars" .Claimants}}
<h2>{{.Name}}: {{call $.T "cash by band" "구간별 지급액"}}</h2>
{{template "bars" .Totals}}
{{end}}
{{if .Cash}}<p class="big">{{call .T "Cash budget" "현금 예산"}}: <span data-figure="budget">{{.Budget}}</span>{{if .BudgetLarge}} {{.BudgetLarge}}{{end}}</p>{{end}}
<p>{{call .T "Review referrals" "개별 심사 대상"}}: <span data-figure="reviews">{{.Reviews}}</span></p>

{{if .Items}}<h2>{{call .T "Capped items: claims against the cap" "한도가 있는 물품: 신청과 한도"}}</h2>
{{range .Items}}<p>{{.Name}}: <span data-figure="issued">{{.Issued}}</span> / {{.Cap}}{{if .Timed}} ·
{{if .SoldOut}}{{call $.T "all issued by" "소진 시각"}} <time datetime="{{.SoldOutAt}}">{{.SoldOut}}</time>{{else}}{{call $.T "not all issued in the window" "기간 안에 소진되지 않음"}}{{end}}</p>
<p>{{call $.T "claims before the window" "기간 전 신청"}} {{.Before}} · {{call $.T "after it" "기간 후 신청"}} {{.After}} · {{call $.T "with no claim time" "신청 시각 없음"}} {{.Unknown}}{{end}}</p>
<svg class="chart" viewBox="0 0 620 150" role="img" aria-label="{{.Name}}">
<line class="cap" x1="0" y1="10" x2="600" y2="10"/><text x="4" y="24">{{call $.T "cap" "한도"}} {{.Cap}}</text>
<polyline class="line" transform="translate(0,10)" points="{{.Path}}"/>
<line x1="0" y1="130" x2="600" y2="130" stroke="#999"/>
{{if .Timed}}<text x="0" y="146">{{.Opens}}</text><text x="600" y="146" text-anchor="end">{{.Closes}} ({{call $.T "the claim window, first come, first served" "신청 기간, 선착순"}})</text>
{{else}}<text x="0" y="146">0</text><text x="600" y="146" text-anchor="end">{{call $.T "claimants decided, in order" "판단한 신청인(순서대로)"}}</text>{{end}}</svg>
{{end}}{{end}}

<h2>{{call .T "The programme's notice" "지원 안내"}}</h2>
<div class="notice">{{range .Notice}}{{if eq .Kind "h"}}<h3>{{.Text}}</h3>{{else if eq .Kind "li"}}<p>· {{.Text}}</p>{{else}}<p>{{.Text}}</p>{{end}}
{{end}}</div>
<script>window.addEventListener("load", function () { document.body.setAttribute("data-loaded", "yes"); });</script>
</body>
</html>
{{define "bars"}}<svg class="chart" viewBox="0 0 620 {{.Height}}" role="img">
{{range .Bars}}<g transform="translate(0,{{.Y}})"><text x="0" y="15">{{.Label}}</text>
<rect class="bar" x="300" y="3" height="15" width="{{printf "%.1f" .Width}}"/>
<text x="{{printf "%.1f" .EndX}}" y="15">{{.Value}}</text></g>
{{end}}</svg>{{end}}
`))
