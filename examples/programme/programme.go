// Package programme composes the three relief packages into one decision
// per claimant, as a host service would: entitlements from eligibility,
// the cash awards from compensation, the items to issue from grants, one
// combined trace, the public notice and each claimant's letter. A
// programme is a value ([Config]): its benefits and who gets each are the
// eligibility policy's, each cash benefit names its schedule, each item
// names the benefit it fulfils, and its name, channel, documents and
// contact are its own words. Kakao 1015 is one such value ([Kakao1015]).
// A decision has two JSON forms, written without reflection for batch
// runs: [Record], everything with the trace, and [CompactRecord], what is
// decided. It is deliberately short: the rules live in the library; this is only
// the glue.
package programme

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/grants"
	"github.com/shopspring/decimal"
)

// Text is a phrase in Korean (Ko) and English (En), the type the three
// library packages share.
type Text = eligibility.Text

// Config declares a programme: its own words, who qualifies for what
// (the eligibility policy, whose benefits it composes), which benefits
// are paid in cash and on which schedule, which benefit a cash band's
// review referral grants, and the catalogue of items. [New] checks it.
type Config struct {
	// Name is the programme's own name: {"카카오 1015 장애 피해 지원",
	// "Kakao 1015 damage support"}.
	Name Text
	// Channel is where the items are claimed: {"카카오톡", "KakaoTalk"}.
	Channel Text
	// Documents are what a case referred to review is asked for; needed
	// where Review is set. DocumentsFor are the kinds of claimant they are
	// asked of (none: every kind); a claimant of another kind referred to
	// review is told that the review's next steps will follow.
	Documents    Text
	DocumentsFor []eligibility.Kind
	// Contact is where a claimant asks or applies; optional.
	Contact Text
	// Eligibility is who qualifies for which benefit.
	Eligibility eligibility.Policy
	// Cash are the benefits paid in cash, each with its schedule.
	Cash []Cash
	// Review is the key of the benefit that a cash band referring to
	// review grants (and that eligibility may grant by its own
	// condition); "" where no band refers to review.
	Review string
	// Catalogue holds the items; each names the benefit it fulfils.
	Catalogue grants.Catalogue
}

// Cash is a benefit paid in cash: where the policy grants it, the
// claimant's loss is banded on Schedule.
type Cash struct {
	Benefit  string
	Schedule compensation.Schedule
}

// A Plan is a programme composed: its declarations ([Config]) checked
// against each other and ready to decide (the name is Kakao's own: its
// "damage-support plan"). Build one with [New], [Load] or [Open], or take
// [Kakao1015]; it is immutable and safe for concurrent use. The zero Plan
// decides nothing: [Plan.Decide] returns an error.
type Plan struct{ p *programme }

type programme struct {
	c         Config
	benefits  []eligibility.Benefit // the policy's, by index
	items     [][]grants.Item       // by benefit index: the items that fulfil it
	cash      []int                 // by benefit index: the index in c.Cash, or -1
	review    int                   // the benefit index of c.Review, or -1
	byID      map[string]grants.Item
	byKeyName []int    // benefit indices in the byte order of their keys, as JSON writes a map
	quoted    []string // by benefit index: its key as a JSON string
}

// New composes a programme from c.
//
// It returns an error if c.Name or c.Channel is empty, the policy or a
// schedule is the zero value, a catalogue item or a cash benefit names a
// benefit the policy does not declare (so that nothing is unreachable), a
// benefit is paid in cash twice, Review names an undeclared benefit,
// Review is set and Documents is empty, or DocumentsFor names an
// undeclared kind.
func New(c Config) (Plan, error) {
	if c.Name.IsZero() || c.Channel.IsZero() {
		return Plan{}, fmt.Errorf("programme: a name and a channel are needed")
	}
	if !c.Eligibility.IsValid() {
		return Plan{}, fmt.Errorf("programme %s: no eligibility policy", c.Name.In("en"))
	}
	p := &programme{c: c, benefits: c.Eligibility.Benefits(), review: -1, byID: map[string]grants.Item{}}
	p.c.Cash = slices.Clone(c.Cash)
	if err := p.indexItems(); err != nil {
		return Plan{}, fmt.Errorf("programme %s: %w", c.Name.In("en"), err)
	}
	if errs := p.indexCash(); len(errs) > 0 {
		return Plan{}, fmt.Errorf("programme %s: %w", c.Name.In("en"), errors.Join(errs...))
	}
	if err := p.checkReview(); err != nil {
		return Plan{}, fmt.Errorf("programme %s: %w", c.Name.In("en"), err)
	}
	p.byKeyName = make([]int, len(p.benefits))
	for i := range p.byKeyName {
		p.byKeyName[i] = i
	}
	slices.SortFunc(p.byKeyName, func(x, y int) int { return cmp.Compare(p.benefits[x].Key, p.benefits[y].Key) })
	p.quoted = make([]string, len(p.benefits))
	for i, b := range p.benefits {
		p.quoted[i] = string(appendString(nil, b.Key))
	}
	return Plan{p}, nil
}

// index is the index of the benefit declared with key, -1 for none.
func (p *programme) index(key string) int {
	return slices.IndexFunc(p.benefits, func(b eligibility.Benefit) bool { return b.Key == key })
}

// indexItems groups the catalogue's items by the benefit each fulfils,
// and refuses an item of an undeclared benefit.
func (p *programme) indexItems() error {
	p.items = make([][]grants.Item, len(p.benefits))
	for _, it := range p.c.Catalogue.Items() {
		i := p.index(it.Benefit)
		if i < 0 {
			return fmt.Errorf("item %s: %w: %q", it.ID, eligibility.ErrUnknownBenefit, it.Benefit)
		}
		p.items[i] = append(p.items[i], it)
		p.byID[it.ID] = it
	}
	return nil
}

// indexCash notes each cash benefit's schedule by the benefit's index and
// checks the schedules and the bill credits that take their value from
// them; it returns every fault.
func (p *programme) indexCash() []error {
	p.cash = make([]int, len(p.benefits))
	for i := range p.cash {
		p.cash[i] = -1
	}
	var errs []error
	for k, cash := range p.c.Cash {
		i := p.index(cash.Benefit)
		switch {
		case i < 0:
			errs = append(errs, fmt.Errorf("cash[%d].benefit: %w: %q", k, eligibility.ErrUnknownBenefit, cash.Benefit))
		case p.cash[i] >= 0:
			errs = append(errs, fmt.Errorf("cash[%d].benefit: %q is paid in cash twice", k, cash.Benefit))
		case !cash.Schedule.IsValid():
			errs = append(errs, fmt.Errorf("cash[%d].schedule: benefit %q has no schedule", k, cash.Benefit))
		default:
			p.cash[i] = k
			errs = append(errs, p.checkSchedule(k, cash.Schedule)...)
		}
	}
	for i, it := range p.c.Catalogue.Items() {
		if it.ValueFrom == "" {
			continue
		}
		if k := p.index(it.ValueFrom); k < 0 || p.cash[k] < 0 {
			errs = append(errs, fmt.Errorf("catalogue.items[%d].valueFrom: %q is not a cash benefit", i, it.ValueFrom))
		}
	}
	return errs
}

// checkReview notes the benefit a cash band's review grants, and checks
// that it is declared and that its documents, and the kinds they are
// asked of, are.
func (p *programme) checkReview() error {
	c := &p.c
	if c.Review == "" {
		return nil
	}
	if p.review = p.index(c.Review); p.review < 0 {
		return fmt.Errorf("review: %w: %q", eligibility.ErrUnknownBenefit, c.Review)
	}
	if c.Documents.IsZero() {
		return fmt.Errorf("a review asks for documents, and none are named")
	}
	for i, k := range c.DocumentsFor {
		if _, ok := c.Eligibility.Kind(k); !ok {
			return fmt.Errorf("documentsFor[%d]: %w: %q", i, eligibility.ErrUnknownKind, k)
		}
	}
	return nil
}

// checkSchedule checks that cash schedule k measures the loss, nothing,
// or a base the policy declares, that its shares are of declared bases,
// and that it pays in the catalogue's currency.
func (p *programme) checkSchedule(k int, s compensation.Schedule) []error {
	declared := func(key string) bool {
		return slices.ContainsFunc(p.c.Eligibility.Bases(), func(b eligibility.Base) bool { return b.Key == key })
	}
	var errs []error
	sc := s.Config()
	if of := sc.Measure.Of; of != "" && of != compensation.MeasureLoss && !declared(of) {
		errs = append(errs, fmt.Errorf("cash[%d].schedule.measure.of: %w: %q", k, eligibility.ErrUnknownBase, of))
	}
	shares := []*compensation.Share{sc.CapShare}
	for _, b := range sc.Bands {
		shares = append(shares, b.Share)
	}
	for _, sh := range shares {
		if sh != nil && !declared(sh.Base) {
			errs = append(errs, fmt.Errorf("cash[%d].schedule: a share of %w: %q", k, eligibility.ErrUnknownBase, sh.Base))
		}
	}
	if len(p.byID) > 0 && sc.Currency != p.c.Catalogue.Currency() {
		errs = append(errs, fmt.Errorf("cash[%d].schedule.currency: %s, and the catalogue's is %s", k, sc.Currency.Code, p.c.Catalogue.Currency().Code))
	}
	return errs
}

// Options are the parameters of the Kakao 1015 programme that rest on an
// inference (confidence C), one set for each library package.
type Options struct {
	Eligibility eligibility.Options
	Cash        compensation.Options
	Catalogue   grants.Options
}

// DefaultOptions returns each package's default options.
func DefaultOptions() Options {
	return Options{Eligibility: eligibility.DefaultOptions(), Cash: compensation.DefaultOptions(), Catalogue: grants.DefaultOptions()}
}

// Kakao1015Config returns the Kakao 1015 programme as a Config, with the
// options o: the three packages' Kakao 1015 values and the programme's
// own words. It returns the errors of their constructors.
func Kakao1015Config(o Options) (Config, error) {
	e, err := eligibility.Kakao1015With(o.Eligibility)
	if err != nil {
		return Config{}, err
	}
	cash, err := compensation.Kakao1015With(o.Cash)
	if err != nil {
		return Config{}, err
	}
	cat, err := grants.Kakao1015With(o.Catalogue)
	if err != nil {
		return Config{}, err
	}
	return Config{
		Name:    Text{Ko: "카카오 1015 장애 피해 지원", En: "Kakao 1015 damage support"},
		Channel: Text{Ko: "카카오톡", En: "KakaoTalk"},
		// [P-CASH-4] (B) the documents a small business's application needs.
		Documents: Text{Ko: "소상공인 확인서, 매출 손실 증빙, 카카오 서비스 이용 증빙, 사업자 또는 대표자 명의 계좌 사본",
			En: "a small-business certificate, proof of the sales loss, proof of using the Kakao service, and a copy of a bank account in the business's or the representative's name"},
		// [P-CASH-4] (B) they are a small business's: a company is not asked for a
		// small-business certificate it cannot obtain.
		DocumentsFor: []eligibility.Kind{eligibility.SmallBusiness},
		// [P-CASH-4] (B) applications went through the chatbot channel, a web page, or by post.
		Contact: Text{Ko: "카카오톡 챗봇 채널 「카카오 1015 소상공인지원센터」, 웹 페이지 또는 우편",
			En: "the KakaoTalk chatbot channel \"Kakao 1015 소상공인지원센터\", a web page, or by post"},
		Eligibility: e,
		// [P-CASH-1] cash support is banded on the claimant's loss.
		Cash: []Cash{{Benefit: eligibility.CashSupport, Schedule: cash}},
		// [P-INTAKE-4] a loss band referring to review grants the review.
		Review:    eligibility.IndividualReview,
		Catalogue: cat,
	}, nil
}

// Kakao1015With returns the Kakao 1015 programme with the options o.
func Kakao1015With(o Options) (Plan, error) {
	c, err := Kakao1015Config(o)
	if err != nil {
		return Plan{}, err
	}
	return New(c)
}

// Kakao1015 returns the Kakao 1015 programme with [DefaultOptions].
func Kakao1015() Plan {
	p, err := Kakao1015With(DefaultOptions())
	if err != nil {
		panic(err) // literals: cannot happen
	}
	return p
}

// IsValid reports whether p was built by [New]; the zero Plan is
// not valid.
func (p Plan) IsValid() bool { return p.p != nil }

// Config returns the programme's declaration.
func (p Plan) Config() Config {
	if p.p == nil {
		return Config{}
	}
	c := p.p.c
	c.Cash = slices.Clone(c.Cash)
	return c
}

// Eligibility returns the programme's eligibility policy.
func (p Plan) Eligibility() eligibility.Policy { return p.Config().Eligibility }

// Catalogue returns the programme's catalogue of items.
func (p Plan) Catalogue() grants.Catalogue { return p.Config().Catalogue }

// Currency returns the programme's currency: its catalogue's, or its
// first cash schedule's where it has no items.
func (p Plan) Currency() compensation.Currency {
	c := p.Config()
	switch {
	case len(c.Catalogue.Items()) > 0:
		return c.Catalogue.Currency()
	case len(c.Cash) > 0:
		return c.Cash[0].Schedule.Currency()
	}
	return compensation.KRW
}

// Zone returns the zone of the programme's days: its policy's.
func (p Plan) Zone() *time.Location { return p.Config().Eligibility.Zone() }

// Schedule returns the cash schedule of the benefit of the key; ok is
// false where the benefit is not paid in cash.
func (p Plan) Schedule(benefit string) (s compensation.Schedule, ok bool) {
	for _, c := range p.Config().Cash {
		if c.Benefit == benefit {
			return c.Schedule, true
		}
	}
	return compensation.Schedule{}, false
}

// ItemsFor returns the items that fulfil the benefit of the key: those a
// decision that grants it entitles.
func (p Plan) ItemsFor(benefit string) []grants.Item {
	if p.p == nil {
		return nil
	}
	for i, b := range p.p.benefits {
		if b.Key == benefit {
			return slices.Clone(p.p.items[i])
		}
	}
	return nil
}

// Item returns the catalogue item with the given ID.
func (p Plan) Item(id string) (grants.Item, bool) {
	if p.p == nil {
		return grants.Item{}, false
	}
	it, ok := p.p.byID[id]
	return it, ok
}

// Claim is a claimant with their reports.
type Claim struct {
	Claimant eligibility.Claimant
	Reports  []eligibility.Report
	// ClaimedAt is when the claimant claimed the items the decision
	// entitles them to (the zero Time where it is not known): the
	// simulator's report charts each capped item's claims by it over the
	// item's claim window. It decides nothing.
	ClaimedAt time.Time `json:",omitzero"`
}

// Step is one line of a decision's combined trace: the rule's tag, a
// stable code, what it is about (a report's ID or a benefit's key), and,
// where asked for, a sentence.
type Step struct {
	Rule    string `json:"rule"`
	Code    string `json:"code"`
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text,omitempty"`
}

// Payment is a cash benefit granted, with its award.
type Payment struct {
	Benefit string
	Award   compensation.Award
}

// Decision is everything the programme decides for one claimant.
type Decision struct {
	Eligibility eligibility.Decision
	// Payments are the cash benefits granted, in the policy's order, each
	// with its award on the claimant's loss.
	Payments []Payment
	// Review is true when the case goes to individual review: the review
	// benefit granted by eligibility, or a cash band that refers to it.
	Review bool

	p *programme
}

// Decide decides a claim on the date at. A cash benefit's referral to
// review comes from its award's band; eligibility's own condition for the
// review benefit refers the cases it names.
func (p Plan) Decide(c Claim, at time.Time) (Decision, error) {
	var d Decision
	err := p.DecideInto(&d, nil, c, at)
	return d, err
}

// DecideInto sets *d to the decision [Plan.Decide] makes, with the
// eligibility decision's arrays taken from buf, as
// [eligibility.Policy.EntitlementsInto] takes them: the next call with
// buf writes over them. A simulator deciding millions of claims gives
// each claim in flight a Decision and a Buffer it uses again. A nil buf
// gives the decision arrays of its own. Where it returns an error, *d is
// the zero Decision.
func (p Plan) DecideInto(d *Decision, buf *eligibility.Buffer, c Claim, at time.Time) error {
	*d = Decision{}
	if p.p == nil {
		return fmt.Errorf("programme: the zero Plan")
	}
	if err := p.p.c.Eligibility.EntitlementsInto(&d.Eligibility, buf, c.Claimant, c.Reports, at); err != nil {
		return err
	}
	d.p = p.p
	if err := p.p.pay(d, &c); err != nil {
		*d = Decision{}
		return err
	}
	return nil
}

// pay adds to d, an eligibility decision, the awards of the cash benefits
// it grants and the composed referral to review.
func (p *programme) pay(d *Decision, c *Claim) error {
	e := &d.Eligibility
	for i, en := range e.Entitlements {
		switch k := p.cash[i]; {
		case en.Granted && k >= 0:
			s := p.c.Cash[k].Schedule
			measure := e.Loss
			if of := s.Measure().Of; of != compensation.MeasureLoss {
				measure = c.Claimant.Bases[of] // a base, or nothing (zero)
			}
			a, err := s.AwardWith(measure, c.Claimant.Bases)
			if err != nil {
				return fmt.Errorf("claimant %q: %w", c.Claimant.ID, err)
			}
			if d.Payments == nil {
				d.Payments = make([]Payment, 0, len(p.c.Cash))
			}
			d.Payments = append(d.Payments, Payment{Benefit: en.Benefit, Award: a})
			d.Review = d.Review || a.Review && p.review >= 0
		case en.Granted && i == p.review:
			d.Review = true
		}
	}
	return nil
}

// reviewByBand reports whether a payment's band referred the case to
// review (as against eligibility's own condition).
func (d Decision) reviewByBand() (compensation.Award, bool) {
	for _, pay := range d.Payments {
		if pay.Award.Review {
			return pay.Award, true
		}
	}
	return compensation.Award{}, false
}

// Granted reports whether the decision grants the benefit of the key.
// The review benefit is the composed referral: eligibility's, or a cash
// band's.
func (d Decision) Granted(benefit string) bool {
	if d.p != nil && d.p.review >= 0 && benefit == d.p.benefits[d.p.review].Key {
		return d.Review
	}
	return d.Eligibility.Granted(benefit)
}

// grantedAt is Granted for d's i-th entitlement, the policy's i-th
// benefit, without looking the benefit up by its key. It takes d by
// pointer: a method on the Decision, inlined in a loop, copied the whole
// Decision at each call.
func grantedAt(d *Decision, i int) bool {
	if d.p != nil && i == d.p.review {
		return d.Review
	}
	return d.Eligibility.Entitlements[i].Granted
}

// Amount is the cash paid in the batch, over every payment; zero where
// none is.
func (d Decision) Amount() decimal.Decimal {
	var sum decimal.Decimal
	for i, pay := range d.Payments {
		if i == 0 {
			sum = pay.Award.Amount
			continue
		}
		sum = sum.Add(pay.Award.Amount)
	}
	return sum
}

// Items returns the items the decision entitles the claimant to claim:
// those of every benefit it grants, in the policy's order of benefits and
// the catalogue's order within each.
func (d Decision) Items() []grants.Item {
	if d.p == nil {
		return nil
	}
	var out []grants.Item
	for i := range d.Eligibility.Entitlements {
		if grantedAt(&d, i) && len(d.p.items[i]) > 0 {
			if out == nil {
				out = make([]grants.Item, 0, len(d.p.byID))
			}
			out = append(out, d.p.items[i]...)
		}
	}
	return out
}

// eachItem calls f with the ID of each item the decision entitles, in
// the order of Items, without making the list.
func (d Decision) eachItem(f func(id string)) {
	if d.p == nil {
		return
	}
	for i := range d.Eligibility.Entitlements {
		if grantedAt(&d, i) {
			for _, it := range d.p.items[i] {
				f(it.ID)
			}
		}
	}
}

// EachGranted calls f with the index (in the policy's order) and the key
// of each benefit the decision grants, the composed review included.
func (d Decision) EachGranted(f func(i int, benefit string)) {
	for i, en := range d.Eligibility.Entitlements {
		if grantedAt(&d, i) {
			f(i, en.Benefit)
		}
	}
}

// End is when the programme's last window closes, its intake windows and
// its items' claim windows alike; the zero Time where none closes.
func (p Plan) End() time.Time {
	var end time.Time
	for _, w := range p.Config().Eligibility.Config().Windows {
		if w.Closes.After(end) {
			end = w.Closes
		}
	}
	for _, it := range p.Config().Catalogue.Items() {
		if it.Window.Closes.After(end) {
			end = it.Window.Closes
		}
	}
	return end
}
