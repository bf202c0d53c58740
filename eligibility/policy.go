package eligibility

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Config holds the parameters of an eligibility policy. Change a field of
// [Kakao1015Config] and call [NewPolicy] to make another policy.
type Config struct {
	// Operator names the programme's own operator; reports about it are
	// its cases [P-INTAKE-1].
	Operator string
	// Affiliates run their own support: their reports are routed to them
	// [P-AFF-1]. A report about an operator that is neither Operator nor
	// an affiliate is bad input. Names match exactly, case and spacing
	// included.
	Affiliates []string
	// Windows are the intake windows; a report filed in one that admits
	// the claimant's kind counts [P-INTAKE-3, P-CASH-4].
	Windows []Window
	// WorkerLimits are the KSIC sections ("B", "C", ...) whose limit on
	// regular workers differs from DefaultWorkerLimit; a small business
	// has fewer regular workers than its section's limit [P-SB-1].
	WorkerLimits       map[string]int
	DefaultWorkerLimit int
	// PartTimeHours is the monthly hours from which a part-timer counts
	// as half a worker; below it a part-timer counts as none [P-SB-2].
	PartTimeHours int
	// Revenue are the versions of the revenue table, earliest first
	// [P-SB-3].
	Revenue []RevenueTable
	// RequireChannel grants Channel cash only to a small business that
	// already has a KakaoTalk Channel [P-CHANNEL-1]. That it was required
	// is an inference (C): off in the Kakao 1015 policy.
	RequireChannel bool
	// ReviewEnterprises refers a mid-sized or large company with a
	// counted report of money lost to individual review [P-INTAKE-4].
	// That companies were reviewed this way is an inference (C): on in
	// the Kakao 1015 policy. A small business's referral is not this
	// package's: it follows the loss band of the cash schedule.
	ReviewEnterprises bool
}

// Policy is a validated, immutable eligibility policy. Build one with
// [NewPolicy] or [Kakao1015]. A Policy is safe for concurrent use.
//
// The zero Policy is not valid: its methods return [ErrConfig].
type Policy struct {
	c          *Config // a private deep copy; never modified
	affiliates map[string]bool
	tables     []compiledTable // c.Revenue, indexed
}

// NewPolicy validates c and returns a policy holding a copy of it.
//
// It returns an error wrapping [ErrConfig] if:
//   - Operator is empty, or an affiliate is empty, repeated or the
//     operator itself;
//   - a window is out of shape ([NewWindow]'s errors too);
//   - a worker limit or PartTimeHours is not positive, or a worker limit
//     names no KSIC section;
//   - there is no revenue table, tables are not in ascending order of
//     From, a line covers no code or a code another line of its table
//     covers, a code is not a KSIC code, or a ceiling is negative or
//     outside the amount domain.
func NewPolicy(c Config) (Policy, error) {
	bad := func(format string, args ...any) (Policy, error) {
		return Policy{}, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	if c.Operator == "" {
		return bad("no operator")
	}
	own := c
	own.Affiliates = slices.Clone(c.Affiliates)
	affiliates := make(map[string]bool, len(c.Affiliates))
	for _, a := range c.Affiliates {
		if a == "" || a == c.Operator || affiliates[a] {
			return bad("affiliate %q empty, repeated or the operator", clip(a))
		}
		affiliates[a] = true
	}
	own.Windows = make([]Window, len(c.Windows))
	for i, w := range c.Windows {
		v, err := NewWindow(w.Name, w.Rule, w.Opens, w.Closes, w.Kinds...)
		if err != nil {
			return bad("window %d: %w", i, err)
		}
		v.ExistingOnly = w.ExistingOnly
		own.Windows[i] = v
	}
	if c.DefaultWorkerLimit <= 0 || c.PartTimeHours <= 0 {
		return bad("default worker limit %d, part-time hours %d", c.DefaultWorkerLimit, c.PartTimeHours)
	}
	own.WorkerLimits = make(map[string]int, len(c.WorkerLimits))
	for s, n := range c.WorkerLimits {
		if sec, err := ParseSector(s); err != nil || len(sec) != 1 || string(sec) != s {
			return bad("worker limit for %q: not a KSIC section letter", clip(s))
		}
		if n <= 0 {
			return bad("worker limit %d for section %s", n, s)
		}
		own.WorkerLimits[s] = n
	}
	if len(c.Revenue) == 0 {
		return bad("no revenue table")
	}
	own.Revenue = make([]RevenueTable, len(c.Revenue))
	tables := make([]compiledTable, len(c.Revenue))
	for i, t := range c.Revenue {
		if err := checkInstant("revenue table", t.From); err != nil {
			return bad("revenue table %d: %w", i, err)
		}
		if i > 0 && !t.From.After(c.Revenue[i-1].From) {
			return bad("revenue table %d from %s is not after the one before", i, t.From.In(kst).Format(time.DateOnly))
		}
		ct, err := compileTable(t)
		if err != nil {
			return bad("revenue table from %s: %w", t.From.In(kst).Format(time.DateOnly), err)
		}
		for _, l := range ct.Lines {
			if l.Ceiling.Sign() < 0 {
				return bad("revenue table from %s: line %d: %w: ceiling %s won", t.From.In(kst).Format(time.DateOnly), l.No, ErrNegative, l.Ceiling)
			}
		}
		tables[i], own.Revenue[i] = ct, ct.RevenueTable
	}
	return Policy{c: &own, affiliates: affiliates, tables: tables}, nil
}

// Config returns a copy of the policy's parameters.
func (p Policy) Config() Config {
	if p.c == nil {
		return Config{}
	}
	c := *p.c
	c.Affiliates = slices.Clone(c.Affiliates)
	c.Windows = slices.Clone(c.Windows)
	c.WorkerLimits = cloneMap(c.WorkerLimits)
	c.Revenue = slices.Clone(c.Revenue)
	for i := range c.Revenue {
		c.Revenue[i].Lines = slices.Clone(c.Revenue[i].Lines)
		for j := range c.Revenue[i].Lines {
			l := &c.Revenue[i].Lines[j]
			l.KSIC, l.Except = slices.Clone(l.KSIC), slices.Clone(l.Except)
		}
	}
	for i := range c.Windows {
		c.Windows[i].Kinds = slices.Clone(c.Windows[i].Kinds)
	}
	return c
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// The operators of the Kakao 1015 programme [P-INTAKE-1, P-AFF-1].
const (
	Kakao              = "Kakao"
	KakaoGames         = "Kakao Games"
	KakaoMobility      = "Kakao Mobility"
	KakaoEntertainment = "Kakao Entertainment"
	KakaoPay           = "Kakao Pay"
)

// Kakao1015Config returns the parameters of the Kakao 1015 programme.
func Kakao1015Config() Config {
	return Config{
		// [P-INTAKE-1] Kakao's own cases were analysed.
		Operator: Kakao,
		// [P-AFF-1] (A) these affiliates "and others" run their own support for
		// their partners; the list is open, so it is a parameter.
		Affiliates: []string{KakaoGames, KakaoMobility, KakaoEntertainment, KakaoPay},
		Windows: []Window{
			// [P-INTAKE-3] (B) reporting window, 2022-10-19 to 2022-11-06.
			kstDays("reporting", "P-INTAKE-3", kstDate(2022, 10, 19), kstDate(2022, 11, 6)),
			// [P-INTAKE-3] (B) second intake for small businesses, 2023-02-13 to 2023-02-27.
			kstDays("second intake", "P-INTAKE-3", kstDate(2023, 2, 13), kstDate(2023, 2, 27), SmallBusiness),
			// [P-CASH-4] (B) small-business applications 2023-01-30 to 2023-02-27,
			// extended to 2023-04-14: for those who had applied.
			extension(kstDays("applications", "P-CASH-4", kstDate(2023, 1, 30), kstDate(2023, 4, 14), SmallBusiness)),
			// [P-CASH-4, P-INTAKE-3] (B) extended again to 2023-05-31, for missing
			// documents and for small businesses that had not applied before.
			kstDays("second extension", "P-CASH-4", kstDate(2023, 4, 15), kstDate(2023, 5, 31), SmallBusiness),
		},
		// [P-SB-1] (A) fewer than 10 regular workers in mining (B), manufacturing
		// (C), construction (F) and transport and storage (H).
		WorkerLimits: map[string]int{"B": 10, "C": 10, "F": 10, "H": 10},
		// [P-SB-1] (A) fewer than 5 in every other section, utilities (D, E) included.
		DefaultWorkerLimit: 5,
		// [P-SB-2] (A) a part-timer contracted for 60 hours a month or more counts as 0.5.
		PartTimeHours: 60,
		// [P-SB-3] decree table 3, both versions.
		Revenue: kakao1015Tables(),
		// [P-CHANNEL-1] (A) every small business gets Channel cash; (C) that it
		// needed a Channel already is an inference: off.
		RequireChannel: false,
		// [P-INTAKE-4] (A) large direct damage goes to individual review; (C) that
		// every mid-sized or large company with money lost is such a case is an
		// inference: on.
		ReviewEnterprises: true,
	}
}

// Kakao1015 returns the eligibility policy of the Kakao 1015 programme.
func Kakao1015() Policy {
	p, err := NewPolicy(Kakao1015Config())
	if err != nil {
		panic(err) // a literal: cannot happen
	}
	return p
}

// table returns the revenue table in force at t.
func (p Policy) table(t time.Time) (*compiledTable, error) {
	tables := p.tables
	for i := len(tables) - 1; i >= 0; i-- {
		if !t.Before(tables[i].From) {
			return &tables[i], nil
		}
	}
	return nil, fmt.Errorf("%w: %s is before %s", ErrBeforeTables,
		t.In(kst).Format(time.DateOnly), tables[0].From.In(kst).Format(time.DateOnly))
}

// Route returns the operator a report about operator belongs to
// [P-AFF-1]: the programme operator keeps its own cases (affiliate
// false); a listed affiliate gets its own (affiliate true). Names match
// exactly. Any other name, the empty one included, is an error wrapping
// [ErrUnknownOperator] that quotes it: a report is never the programme
// operator's case by default, since that would pay an affiliate's claim
// from the operator's budget. The zero Policy returns [ErrConfig].
func (p Policy) Route(operator string) (to string, affiliate bool, err error) {
	switch {
	case p.c == nil:
		return "", false, fmt.Errorf("%w: zero Policy", ErrConfig)
	case operator == p.c.Operator:
		return operator, false, nil
	case p.affiliates[operator]:
		return operator, true, nil
	}
	return "", false, p.unknownOperator(operator)
}

// unknownOperator is Route's error, with a hint where the name differs
// from a known one only in case or spacing.
func (p Policy) unknownOperator(operator string) error {
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	known := append([]string{p.c.Operator}, p.c.Affiliates...)
	for _, k := range known {
		if fold(k) == fold(operator) {
			return fmt.Errorf("%w: %q (names match exactly: did you mean %q?)", ErrUnknownOperator, clip(operator), k)
		}
	}
	return fmt.Errorf("%w: %q is neither %s nor a listed affiliate (%s)", ErrUnknownOperator, clip(operator),
		p.c.Operator, strings.Join(p.c.Affiliates, ", "))
}
