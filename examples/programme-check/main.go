// Command programme-check checks a programme file and shows what it
// decides for a few sample claimants, so that an analyst sees the effect
// of a file before running a whole intake:
//
//	go run ./examples/programme-check examples/programmes/kt2021.json
//	go run ./examples/programme-check -lang ko -at 2019-05-06 FILE
//
// A file that does not load is every fault, each naming its path in the
// file, and exit status 2. A file that loads prints who qualifies, and
// then, for each kind of claimant, what the programme decides for one
// with no attribute and one with every attribute (one claimant where the
// programme declares none), and, where a cash benefit bands a measure,
// one on each side of each bound: the benefits granted, the cash paid and
// the items.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // a programme file may name any zone

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/shopspring/decimal"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("programme-check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "the language of the texts, ko or `en`")
	atFlag := fs.String("at", "", "the `DATE` decisions are about, in the programme's zone (default: the day its last window closes)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "programme-check: give one programme file: programme-check [-lang ko|en] [-at DATE] FILE")
		return 2
	}
	if *lang != "ko" && *lang != "en" {
		fmt.Fprintf(stderr, "programme-check: -lang %q: want ko or en\n", *lang)
		return 2
	}
	p, err := programme.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "programme-check: %v\n", err)
		return 2
	}
	at, err := dateOf(*atFlag, p)
	if err != nil {
		fmt.Fprintf(stderr, "programme-check: %v\n", err)
		return 2
	}
	w := &errWriter{w: stdout}
	describe(w, p, *lang)
	for _, s := range samples(p, at) {
		decideSample(w, p, s, at, *lang)
	}
	if w.err != nil {
		fmt.Fprintf(stderr, "programme-check: %v\n", w.err)
		return 2
	}
	return 0
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// dateOf is the -at date in the programme's zone, or the day its last
// window closes.
func dateOf(at string, p programme.Plan) (time.Time, error) {
	zone := p.Zone()
	if at != "" {
		t, err := time.ParseInLocation(time.DateOnly, at, zone)
		if err != nil {
			return time.Time{}, fmt.Errorf("-at %q: want a date like 2023-06-01", at)
		}
		return t, nil
	}
	end := p.End()
	if end.IsZero() {
		return time.Time{}, fmt.Errorf("-at: the programme has no window: give the date decisions are about")
	}
	y, m, d := end.In(zone).Add(-time.Nanosecond).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, zone), nil
}

func describe(w *errWriter, p programme.Plan, lang string) {
	c := p.Config()
	w.printf("%s loads: %s\n", c.Name.In(lang), p.Currency().Code)
	w.printf("  zone %s; %s, %d cash, %s\n", p.Zone(), plural(len(c.Eligibility.Benefits()), "benefit"), len(c.Cash), plural(len(c.Catalogue.Items()), "item"))
	d := c.Eligibility.Describe(lang)
	w.printf("Who qualifies\n")
	for _, s := range d.Benefits {
		w.printf("  %s\n", s)
	}
	for _, cash := range c.Cash {
		w.printf("Cash: %s\n", cash.Benefit)
		for _, s := range cash.Schedule.Describe(lang) {
			w.printf("  %s\n", s)
		}
	}
	w.printf("Sample claimants, decided as of the day the programme ends\n")
}

// sample is one claimant to decide, with what it is for people.
type sample struct {
	what  string
	claim programme.Claim
}

// samples are, for each kind, a claimant with no attribute and one with
// every attribute (one claimant, where the programme declares none) (both with each base at a typical figure: a fee of
// 50,000 won or 50 dollars, or 3 of a unit, and a loss of 100,000 won or
// 100 dollars); where a window admits the kind, with a report in the
// first of them; and, for each cash schedule that bands a measure, one
// claimant on each side of each bound.
func samples(p programme.Plan, at time.Time) []sample {
	pol := p.Eligibility()
	var out []sample
	var attrs []string
	for _, a := range pol.Attributes() {
		attrs = append(attrs, a.Key)
	}
	// A typical fee: 50,000 of a currency without minor units (won, yen),
	// 50 of one with them (dollars, euros).
	fee, lost := decimal.NewFromInt(50_000), decimal.NewFromInt(100_000)
	if p.Currency().Minor > 0 {
		fee, lost = decimal.NewFromInt(50), decimal.NewFromInt(100)
	}
	typical := map[string]decimal.Decimal{}
	for _, b := range pol.Bases() {
		typical[b.Key] = fee
		if !b.Unit.IsZero() {
			typical[b.Key] = decimal.NewFromInt(3)
		}
	}
	operator, _ := pol.Operators()
	for _, k := range pol.Kinds() {
		var window *eligibility.Window
		for _, win := range pol.Config().Windows {
			if win.Admits(k.Key) && !win.ExistingOnly && win.Opens.Before(at) {
				window = &win
				break
			}
		}
		claimant := func(id string, with []string, bases map[string]decimal.Decimal, loss decimal.Decimal) programme.Claim {
			c := programme.Claim{Claimant: eligibility.Claimant{ID: id, Kind: k.Key, Attributes: with, Bases: bases}}
			if window != nil {
				c.Reports = []eligibility.Report{{ID: id + "-r", FiledAt: window.Opens.Add(time.Hour), Operator: operator.Key,
					MoneyLost: loss.Sign() > 0, Loss: loss}}
			}
			return c
		}
		if len(attrs) == 0 {
			out = append(out, sample{string(k.Key), claimant(string(k.Key)+"-none", nil, typical, lost)})
		} else {
			out = append(out,
				sample{fmt.Sprintf("%s, no attribute", k.Key), claimant(string(k.Key)+"-none", nil, typical, decimal.Zero)},
				sample{fmt.Sprintf("%s, every attribute", k.Key), claimant(string(k.Key)+"-all", attrs, typical, lost)})
		}
		for _, cash := range p.Config().Cash {
			m := cash.Schedule.Measure()
			if m.Of == "" {
				continue
			}
			for _, b := range cash.Schedule.Bands() {
				if b.Open {
					continue
				}
				for _, v := range []decimal.Decimal{b.UpTo, b.UpTo.Add(decimal.NewFromInt(1))} {
					bases := typical
					loss := lost
					if m.Of == compensation.MeasureLoss {
						loss = v
					} else {
						bases = cloneWith(typical, m.Of, v)
					}
					out = append(out, sample{fmt.Sprintf("%s, %s %s", k.Key, m.Name.In("en"), v),
						claimant(fmt.Sprintf("%s-%s-%s", k.Key, cash.Benefit, v), attrs, bases, loss)})
				}
			}
		}
	}
	return out
}

func cloneWith(m map[string]decimal.Decimal, k string, v decimal.Decimal) map[string]decimal.Decimal {
	out := make(map[string]decimal.Decimal, len(m))
	for key, x := range m {
		out[key] = x
	}
	out[k] = v
	return out
}

func decideSample(w *errWriter, p programme.Plan, s sample, at time.Time, lang string) {
	d, err := p.Decide(s.claim, at)
	if err != nil {
		w.printf("  %-40s refused: %v\n", s.what, err)
		return
	}
	var granted, items, cash []string
	d.EachGranted(func(_ int, b string) { granted = append(granted, b) })
	for _, it := range d.Items() {
		items = append(items, it.ID)
	}
	for _, pay := range d.Payments {
		cash = append(cash, pay.Benefit+" "+pay.Award.Currency().Format(pay.Award.Amount, lang))
	}
	slices.Sort(items)
	none := func(s []string) string {
		if len(s) == 0 {
			return "none"
		}
		return strings.Join(s, ", ")
	}
	w.printf("  %-40s granted %s; cash %s; items %s\n", s.what, none(granted), none(cash), none(items))
}

// plural is "1 benefit", "2 benefits".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
