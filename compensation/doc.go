// Package compensation decides the cash half of an outage-compensation
// programme: how a business's sales loss is measured, which band of
// support it falls in, the per-person cap, and which cases go to
// individual review. The default policy is the Kakao 1015 plan; every
// figure cites its paragraph of POLICY.md by tag, e.g. [P-CASH-1].
//
// # The rules
//
// Banded support [P-CASH-1]: a [Schedule] is a list of [Band] values with
// inclusive upper bounds and an open top band. Under [Kakao1015] a loss up
// to and including 300,000 won gets 30,000 won; over 300,000 and up to
// 500,000 won, 50,000 won; over 500,000 won, 50,000 won in the batch and a
// referral to individual review [P-INTAKE-4]. A loss of zero pays nothing.
// No award exceeds the schedule's per-person cap (50,000 won), and
// [Schedule.AwardTotal] makes one award on the sum of a claimant's reports.
//
// Loss assessment [P-CASH-3, P-CASH-2]: a [Method] compares sales in the
// outage week (2022-10-15 to 2022-10-21) with the best Saturday-to-Friday
// week of September and October 2022; the shortfall is then multiplied by
// [Factors] for the operating margin, an alternative service and Kakao's
// share of the service. The council did not publish these weights, so they
// are the host's parameters and the identity by default.
//
// Policy change: [Compare] runs two schedules over a set of cases and
// lists the cases whose outcome changed, with the total cost.
//
// # Representation
//
// Money is [decimal.Decimal] in won, which has no minor unit. Bounds,
// amounts and caps are whole won; assessed losses may carry fractions of
// a won and are banded on their exact value, so 300,000.5 is over
// 300,000. Decimals are compared with Cmp, never ==, and this package
// never sets decimal's package variables.
//
// Dates are calendar days in Korea Standard Time (UTC+9), computed with a
// fixed zone so no time-zone database is needed. An instant given in any
// zone stands for its KST day.
//
// # Rounding
//
// None. Banding compares exact values, awards are band amounts, and the
// assessment multiplies exactly (a product of decimals is exact). A host
// that pays an assessed loss itself rounds it at that point, in the mode
// it names.
//
// # Explanations
//
// An [Award] and an [Assessment] carry every input and threshold they
// used; their Trace methods list the rules that fired by POLICY.md tag,
// and both marshal to JSON with amounts as decimal strings.
//
// # Errors
//
// Errors are for bad input only and wrap the sentinel errors of this
// package ([ErrNegativeLoss], [ErrBoundOrder], ...) with the offending
// value; a schedule refused band by band returns a [*BandError]. A loss of
// zero is an outcome (no support), not an error. No function panics except
// the Must forms, on literals.
//
// # Concurrency
//
// Schedules, methods, factors and awards are immutable values: they are
// safe for simultaneous use by multiple goroutines. There is no mutable
// package state.
//
// # Not modelled
//
// The individual review itself (how much more the council grants above
// 500,000 won) and the documents of [P-CASH-4] are outside this package:
// it refers the case and stops. The band limits were set from the median
// of the reported losses (B); the schedule takes the limits, not the
// median.
package compensation
