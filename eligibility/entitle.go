package eligibility

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Claimant is who may receive benefits: a person, a business, an account
// or a line, of a kind the policy declares.
type Claimant struct {
	// ID is the claimant's identity; it is compared byte for byte, so
	// case counts.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Attributes are the keys of the facts the policy declares that hold
	// for the claimant ("domestic-phone", "talk-channel"), in any order;
	// a key the policy does not declare is an error.
	Attributes []string `json:"attributes,omitempty"`
	// Bases are the figures the claimant carries, by the keys the policy
	// declares ([Config].Bases): its monthly fee, the days its service was
	// down. Each is not negative and within the amount domain.
	Bases map[string]decimal.Decimal `json:"bases,omitempty"`
	// Business is a small business's profile for the statutory test
	// [P-SB-1..3], read for a claimant of a kind declared Small. Nil
	// means not tested: the declared kind stands.
	Business *Business `json:"business,omitempty"`
}

// Has reports whether the claimant lists the attribute.
func (c Claimant) Has(attribute string) bool { return slices.Contains(c.Attributes, attribute) }

// Report is one damage report, or one application: each establishes that
// a claimant reported damage and is tallied; the loss it states is the
// claimant's loss, combined as the policy's [LossRule] says.
type Report struct {
	// ID is the report's identity, unique among the claim's reports.
	ID      string    `json:"id"`
	FiledAt time.Time `json:"filedAt"`
	// Operator is the company whose service the report is about: the
	// programme's operator or a listed affiliate, named exactly, e.g.
	// "Kakao" or "Kakao Mobility" [P-AFF-1].
	Operator string `json:"operator"`
	Service  string `json:"service"`
	// Paid says the report is about a paid service; MoneyLost that a
	// report about a free service mentions money lost [P-INTAKE-2].
	Paid      bool `json:"paid"`
	MoneyLost bool `json:"moneyLost"`
	// Loss is the assessed sales loss the report states, in won; zero
	// where none was assessed. Not negative, within the amount domain
	// ([MaxDigits], [MaxExponent]).
	Loss decimal.Decimal `json:"loss"`
}

// ReportDecision says where a report went and whether it counts.
type ReportDecision struct {
	ID string `json:"id"`
	// RoutedTo is the operator the report belongs to; Affiliate is true
	// when that is an affiliate with its own support [P-AFF-1].
	RoutedTo  string `json:"routedTo"`
	Affiliate bool   `json:"affiliate"`
	// Window names the intake window the report was filed in, "" if
	// none that admits the claimant's kind [P-INTAKE-3].
	Window string `json:"window,omitempty"`
	// Counts is true for the programme operator's case filed in a
	// window: only those earn its benefits.
	Counts  bool     `json:"counts"`
	Reasons []Reason `json:"reasons"`
}

// Entitlement is one benefit, granted or not, with its reasons.
type Entitlement struct {
	// Benefit is the benefit's key.
	Benefit string   `json:"benefit"`
	Granted bool     `json:"granted"`
	Reasons []Reason `json:"reasons"`
}

// Decision is what a claimant is entitled to on a date, with reasons.
// Ineligibility is a decision with Granted false, never an error.
type Decision struct {
	ClaimantID string    `json:"claimant"`
	Kind       Kind      `json:"kind"`
	At         time.Time `json:"at"`
	// Small is the claimant's small-business status: the verdict of the
	// test where a profile was given, else the declared kind.
	Small bool `json:"small"`
	// Tested says a profile was tested; SmallBusiness is its verdict.
	Tested        bool             `json:"tested"`
	SmallBusiness Verdict          `json:"smallBusiness,omitzero"`
	Reports       []ReportDecision `json:"reports"`
	// Loss is the claimant's loss, in won: the losses its counted reports
	// state, combined as the policy's LossRule says (the largest, under
	// LossLargest); zero where none counts.
	Loss decimal.Decimal `json:"loss"`
	// Entitlements has one entry per benefit the policy declares, in its
	// order.
	Entitlements []Entitlement `json:"entitlements"`
}

// Granted reports whether the decision grants the benefit of the key.
func (d Decision) Granted(benefit string) bool {
	for _, e := range d.Entitlements {
		if e.Benefit == benefit {
			return e.Granted
		}
	}
	return false
}

// Entitlements decides, for a claimant and their reports, which of the
// policy's benefits apply on the date at, each with the reasons its
// condition gives ([Condition]).
//
// A report counts when it is the programme operator's case [P-AFF-1]
// filed in a window that admits the claimant's kind [P-INTAKE-3,
// P-CASH-4]; in a window for existing applicants only, when the claimant
// also has a report counted in another window and filed earlier. A report
// filed after at does not count yet. The small-business test uses the
// revenue table in force at at. The claimant's loss is one figure made of
// its counted reports' as the policy's [LossRule] says: a report and a
// later application never add up under [LossLargest].
//
// How much cash, and whether a loss goes to review, is the cash
// schedule's to say (package compensation): this decision gives the loss
// to band. Caps and the claim windows of grants are issuance's to
// enforce.
//
// Entitlements returns an error for bad input: a kind the policy does not
// declare ([ErrUnknownKind]); an attribute it does not declare
// ([ErrUnknownAttribute]); two reports with one ID
// ([ErrDuplicateReport]); a zero at or filing time ([ErrNoTime]) or one
// outside [1970-01-01, 2200-01-01) KST ([ErrRange]); a negative loss
// ([ErrNegative]) or one outside the amount domain ([ErrRange]); an
// operator that is neither the programme's nor a listed affiliate
// ([ErrUnknownOperator]); and the errors of [Policy.SmallBusiness].
func (p Policy) Entitlements(c Claimant, reports []Report, at time.Time) (Decision, error) {
	var d Decision
	err := p.EntitlementsInto(&d, nil, c, reports, at) // the zero Decision on an error
	return d, err
}

// A Buffer holds one decision's arrays (its report decisions, its
// entitlements and all their reasons) for [Policy.EntitlementsInto] to use
// again for the next decision, so that a host deciding millions of
// claimants one after another allocates none of them. The zero Buffer is
// ready to use; it grows to the largest decision made in it. A Buffer is
// not safe for concurrent use: give each goroutine its own.
type Buffer struct {
	reports []ReportDecision
	ents    []Entitlement
	reasons []Reason
	seen    []reportSeen // room for the first pass over the reports
}

// arrays returns the buffer's arrays: nr report decisions, all zero, and
// no entitlements or reasons, with room for nb and nreasons.
func (b *Buffer) arrays(nr, nb, nreasons int) ([]ReportDecision, []Entitlement, []Reason) {
	if cap(b.reports) < nr {
		b.reports = make([]ReportDecision, nr)
	}
	if cap(b.ents) < nb {
		b.ents = make([]Entitlement, 0, nb)
	}
	if cap(b.reasons) < nreasons {
		b.reasons = make([]Reason, 0, nreasons)
	}
	rds := b.reports[:nr]
	clear(rds)
	return rds, b.ents[:0], b.reasons[:0]
}

// EntitlementsInto sets *d to the decision [Policy.Entitlements] makes,
// with its arrays taken from buf: d's Reports, Entitlements and their
// Reasons are buf's, and the next call with buf writes over them. A host
// that keeps a decision past that copies what it needs, or gives each
// decision it keeps its own Buffer. Deciding into a Decision the host
// holds, rather than returning one, spares a host deciding millions of
// claimants a copy of each. A nil buf gives the decision arrays of its
// own, as Entitlements does. Where it returns an error (Entitlements'
// errors), *d is the zero Decision.
func (p Policy) EntitlementsInto(d *Decision, buf *Buffer, c Claimant, reports []Report, at time.Time) error {
	*d = Decision{}
	if p.p == nil {
		return fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if err := p.p.entitlements(&c, reports, at, d, buf); err != nil {
		*d = Decision{}
		return err
	}
	return nil
}

// entitlements is Entitlements into *d, its arrays from buf where it is
// not nil.
func (p *policy) entitlements(c *Claimant, reports []Report, at time.Time, d *Decision, buf *Buffer) error {
	f := facts{kind: p.kindIndex(c.Kind)}
	if f.kind < 0 {
		return fmt.Errorf("claimant %q: %w: %q (declared: %s)", clip(c.ID), ErrUnknownKind, clip(string(c.Kind)), p.declaredKinds())
	}
	if err := checkInstant("decision date", at); err != nil {
		return fmt.Errorf("claimant %q: %w", clip(c.ID), err)
	}
	for _, a := range c.Attributes {
		i := p.attrIndex(a)
		if i < 0 {
			return fmt.Errorf("claimant %q: %w: %q", clip(c.ID), ErrUnknownAttribute, clip(a))
		}
		f.attrs |= 1 << i
	}
	if err := p.checkBases(c.Bases); err != nil {
		return fmt.Errorf("claimant %q: %w", clip(c.ID), err)
	}
	if err := checkReportIDs(reports); err != nil {
		return fmt.Errorf("claimant %q: %w", clip(c.ID), err)
	}
	d.ClaimantID, d.Kind, d.At = c.ID, c.Kind, at
	// One backing array for every reason of the decision, and for a claim
	// of at most one report (most claims) one allocation for all three
	// arrays; none where a buffer has them from the decision before.
	nr, nb, nreasons := len(reports), len(p.benefits), reasonsPerReport*len(reports)+p.reasons
	var rds []ReportDecision
	var ents []Entitlement
	var reasons []Reason
	if buf != nil {
		rds, ents, reasons = buf.arrays(nr, nb, nreasons)
	} else {
		rds, ents, reasons = arrays(nr, nb, nreasons)
	}
	d.Reports = rds
	ents = append(ents, p.blank...) // each benefit's key

	var err error
	if buf != nil {
		reasons, buf.seen, err = p.decideReports(reports, at, d, &f, rds, reasons, buf.seen)
	} else {
		var seen [4]reportSeen // most claims: no allocation
		reasons, _, err = p.decideReports(reports, at, d, &f, rds, reasons, seen[:0])
	}
	if err != nil {
		return err
	}
	if err := p.smallStatus(c, reports, rds, d, &f); err != nil {
		return err
	}
	d.Entitlements = p.decideBenefits(&f, ents, reasons)
	return nil
}

// reportSeen is what the first pass over a claim's reports finds of one.
type reportSeen struct {
	routed *reason
	window int // the window it counts in; -1 for none yet
}

// decideReports routes each report and finds the window it counts in,
// into rds, and counts its facts and its loss into d and f; it returns
// reasons with each report's appended, and scratch, the room it used for
// its first pass.
func (p *policy) decideReports(reports []Report, at time.Time, d *Decision, f *facts, rds []ReportDecision, reasons []Reason, scratch []reportSeen) ([]Reason, []reportSeen, error) {
	// First pass: route each report and find the windows open to anyone of
	// the claimant's kind; note the earliest report counted that way.
	scratch = scratch[:0]
	var firstCounted time.Time
	for i := range reports {
		r := &reports[i] // by pointer: a report is 96 bytes
		if err := checkReport(r); err != nil {
			return nil, scratch, err
		}
		why, to, affiliate, err := p.route(r.Operator)
		if err != nil {
			return nil, scratch, fmt.Errorf("report %q: %w", clip(r.ID), err)
		}
		rd, w := &rds[i], -1
		rd.ID, rd.RoutedTo, rd.Affiliate = r.ID, to, affiliate
		if !affiliate && !r.FiledAt.After(at) {
			if w = p.window(f.kind, r.FiledAt.UnixNano(), false); w >= 0 { // checkReport: in the domain
				rd.Window, rd.Counts = p.c.Windows[w].Name, true
				if firstCounted.IsZero() || r.FiledAt.Before(firstCounted) {
					firstCounted = r.FiledAt
				}
			}
		}
		scratch = append(scratch, reportSeen{why, w})
	}
	// Second pass: the windows for existing applicants, and the reasons.
	for i := range reports {
		r, rd, sc := &reports[i], &rds[i], scratch[i]
		from := len(reasons)
		reasons = append(reasons, Reason{sc.routed})
		switch {
		case rd.Affiliate:
		case rd.Counts:
			reasons = append(reasons, Reason{p.inWindow[sc.window]})
		case r.FiledAt.After(at):
			reasons = append(reasons, Reason{p.later})
		default:
			w := p.window(f.kind, r.FiledAt.UnixNano(), true)
			switch {
			case w < 0:
				reasons = append(reasons, Reason{p.outside})
			case firstCounted.IsZero() || !firstCounted.Before(r.FiledAt):
				reasons = append(reasons, Reason{p.extension[w]})
			default:
				rd.Window, rd.Counts = p.c.Windows[w].Name, true
				reasons = append(reasons, Reason{p.inWindow[w]})
			}
		}
		rd.Reasons = reasons[from:len(reasons):len(reasons)]
		if rd.Counts {
			p.count(d, f, r)
		} else {
			noteUncounted(f, r, rd, at)
		}
	}
	return reasons, scratch, nil
}

// noteUncounted notes in f why a report of a loss or of damage did not
// count, the first such report's reason kept: an affiliate's, a late
// one's, or one outside the windows.
func noteUncounted(f *facts, r *Report, rd *ReportDecision, at time.Time) {
	why := outsideWindow
	switch {
	case rd.Affiliate:
		why = routedAway
	case r.FiledAt.After(at):
		why = afterDecision
	}
	if r.Loss.Sign() > 0 && f.lossWhy == notReported {
		f.lossWhy = why
	}
	if (r.MoneyLost || r.Paid || r.Loss.Sign() > 0) && f.damageWhy == notReported {
		f.damageWhy = why
	}
}

// decideBenefits decides each benefit for f into ents (which holds one
// blank entitlement a benefit), its reasons appended to reasons.
func (p *policy) decideBenefits(f *facts, ents []Entitlement, reasons []Reason) []Entitlement {
	for i := range p.benefits {
		from := len(reasons)
		var ok bool
		ok, reasons = p.decide(&p.benefits[i], f, reasons)
		if g := p.grounds[i]; ok && g != nil {
			reasons = append(reasons, Reason{g})
		}
		e := &ents[i]
		e.Granted, e.Reasons = ok, reasons[from:len(reasons):len(reasons)]
	}
	return ents
}

// count adds a counted report to the decision's facts and its loss.
func (p *policy) count(d *Decision, f *facts, r *Report) {
	switch {
	case !f.counted: // Add allocates: the first loss is taken as it is
		d.Loss = r.Loss
	case p.c.Losses == LossSum:
		d.Loss = d.Loss.Add(r.Loss)
	case r.Loss.Cmp(d.Loss) > 0:
		d.Loss = r.Loss
	}
	f.counted = true
	f.loss = f.loss || r.Loss.Sign() > 0
	f.damaged = f.damaged || r.MoneyLost || r.Paid || r.Loss.Sign() > 0
}

// sizeAt is the instant the claimant's size is judged at [P-SB-3]: at
// its application (its latest counted report) where the policy says so,
// else the policy's instant.
func (p *policy) sizeAt(reports []Report, rds []ReportDecision) time.Time {
	at := p.c.SizeAt.At
	if !p.c.SizeAt.Application {
		return at
	}
	var latest time.Time
	for i := range rds {
		if rds[i].Counts && reports[i].FiledAt.After(latest) {
			latest = reports[i].FiledAt
		}
	}
	if latest.IsZero() {
		return at
	}
	return latest
}

// smallStatus decides the claimant's small-business status into d and f,
// its size judged at sizeAt.
func (p *policy) smallStatus(c *Claimant, reports []Report, rds []ReportDecision, d *Decision, f *facts) error {
	switch {
	case !p.c.Kinds[f.kind].Small:
		f.small = p.small.notSmall
	case c.Business == nil:
		d.Small, f.small = true, p.small.declared
	default:
		err := p.smallBusiness(c.Business, p.sizeAt(reports, rds), &d.SmallBusiness)
		if err != nil {
			return fmt.Errorf("claimant %q: %w", clip(c.ID), err)
		}
		d.Tested, d.Small, f.small = true, d.SmallBusiness.Small, p.small.failed
		if d.Small {
			f.small = p.small.passed
		}
	}
	f.isSmall = d.Small
	return nil
}

// CheckReport returns the error [Policy.Entitlements] would return for
// the report r alone: a filing time outside the instant domain
// ([ErrNoTime], [ErrRange]), a loss outside the amount domain
// ([ErrRange]) or below zero ([ErrNegative]), an operator that is neither
// the programme's nor a listed affiliate ([ErrUnknownOperator]). A host
// that reads a claimant's reports one by one (a claims file's rows) calls
// it to refuse a bad report alone and decide the claimant on the rest.
func (p Policy) CheckReport(r Report) error {
	if p.p == nil {
		return fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	if err := checkReport(&r); err != nil {
		return err
	}
	if _, _, _, err := p.p.route(r.Operator); err != nil {
		return fmt.Errorf("report %q: %w", clip(r.ID), err)
	}
	return nil
}

// checkReport checks a report's time and loss.
func checkReport(r *Report) error {
	if err := checkInstant("filed at", r.FiledAt); err != nil {
		return fmt.Errorf("report %q: %w", clip(r.ID), err)
	}
	if err := checkAmount("loss", r.Loss); err != nil {
		return fmt.Errorf("report %q: %w", clip(r.ID), err)
	}
	if r.Loss.Sign() < 0 {
		return fmt.Errorf("report %q: %w: loss %s won", clip(r.ID), ErrNegative, r.Loss)
	}
	return nil
}

// checkBases returns an error for a base the policy does not declare
// ([ErrUnknownBase]), below zero ([ErrNegative]) or outside the amount
// domain ([ErrRange]).
func (p *policy) checkBases(bases map[string]decimal.Decimal) error {
	for k, v := range bases {
		if !slices.ContainsFunc(p.c.Bases, func(b Base) bool { return b.Key == k }) {
			return fmt.Errorf("%w: %q", ErrUnknownBase, clip(k))
		}
		if err := checkAmount("base "+clip(k), v); err != nil {
			return err
		}
		if v.Sign() < 0 {
			return fmt.Errorf("base %s: %w: %s", clip(k), ErrNegative, v)
		}
	}
	return nil
}

// checkReportIDs returns an error wrapping ErrDuplicateReport where two
// reports share an ID.
func checkReportIDs(reports []Report) error {
	dup := func(id string) error { return fmt.Errorf("%w: %q", ErrDuplicateReport, clip(id)) }
	if len(reports) <= 16 {
		for i := range reports {
			for j := range i {
				if reports[i].ID == reports[j].ID {
					return dup(reports[i].ID)
				}
			}
		}
		return nil
	}
	seen := make(map[string]bool, len(reports))
	for _, r := range reports {
		if seen[r.ID] {
			return dup(r.ID)
		}
		seen[r.ID] = true
	}
	return nil
}

func (p *policy) declaredKinds() string {
	keys := make([]string, len(p.c.Kinds))
	for i, k := range p.c.Kinds {
		keys[i] = string(k.Key)
	}
	return strings.Join(keys, ", ")
}

// A decision's three arrays come in one allocation where they are small
// (a decision on at most one report, of a policy of a few benefits: most
// decisions), in the smallest of these shapes that holds them; in three
// otherwise.
const reasonsPerReport = 2 // its routing, and its window or why none

type (
	arrays4 struct {
		reports      [1]ReportDecision
		entitlements [4]Entitlement
		reasons      [12]Reason
	}
	arrays6 struct {
		reports      [1]ReportDecision
		entitlements [6]Entitlement
		reasons      [16]Reason
	}
	arrays8 struct {
		reports      [1]ReportDecision
		entitlements [8]Entitlement
		reasons      [24]Reason
	}
)

// arrays returns a decision's arrays: nr reports, room for nb
// entitlements and nreasons reasons.
func arrays(nr, nb, nreasons int) ([]ReportDecision, []Entitlement, []Reason) {
	if nr <= 1 {
		switch {
		case nb <= 4 && nreasons <= 12:
			a := new(arrays4)
			return a.reports[:nr], a.entitlements[:0], a.reasons[:0]
		case nb <= 6 && nreasons <= 16:
			a := new(arrays6)
			return a.reports[:nr], a.entitlements[:0], a.reasons[:0]
		case nb <= 8 && nreasons <= 24:
			a := new(arrays8)
			return a.reports[:nr], a.entitlements[:0], a.reasons[:0]
		}
	}
	return make([]ReportDecision, nr), make([]Entitlement, 0, nb), make([]Reason, 0, nreasons)
}

// windowIndex is a window as lookups read it: its bounds in nanoseconds
// since 1970 (unixNano), the kinds it admits as a bit set of their
// indices.
type windowIndex struct {
	opens, closes int64
	kinds         uint64
	existingOnly  bool
}

// unixNano is t in nanoseconds since 1970, exact for the instant domain
// (1970 to 2200); an instant before 1678 is the least int64, one after
// 2262 the greatest, which keeps its order against every instant of the
// domain.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// window returns the index of the first intake window that admits the
// kind of index kind and contains t (in nanoseconds since 1970, an
// instant of the domain), among those for existing applicants only or
// those for anyone, or -1.
func (p *policy) window(kind int, t int64, existingOnly bool) int {
	for i := range p.windows {
		w := &p.windows[i]
		if w.existingOnly == existingOnly && w.kinds&(1<<kind) != 0 && t >= w.opens && t < w.closes {
			return i
		}
	}
	return -1
}
