// Package compensation decides the cash half of an outage-compensation
// programme: how a business's sales loss is measured, which band of
// support it falls in, the per-person cap, and which cases go to
// individual review. The default policy is the Kakao 1015 plan. Every
// figure carries the tag of the fact it implements, e.g. [P-CASH-1]; the
// section Sources below lists each tag with its value, its confidence and
// its public source.
//
// # The rules
//
// Banded support [P-CASH-1]: a [Schedule] is a list of [Band] values with
// inclusive upper bounds and an open top band. Under [Kakao1015] a loss up
// to and including 300,000 won gets 30,000 won; over 300,000 and up to
// 500,000 won, 50,000 won; over 500,000 won, 50,000 won in the batch and a
// referral to individual review [P-INTAKE-4]. A loss of zero pays nothing.
// No award exceeds the schedule's per-claimant cap (50,000 won). The loss
// that is banded is the claimant's one loss [P-CASH-1, P-CASH-3]: a damage
// report and a later application about it are not two losses (package
// eligibility says how reported losses make it).
//
// A schedule is a value: [NewSchedule] validates a [Config] (its bands,
// its cap, the name of what it bands, the tags of its rules), and
// [Kakao1015Config], [Kakao1015With] and [Kakao1015] give the Kakao 1015
// schedule in the same three forms as packages eligibility and grants. A
// schedule describes itself for a notice ([Schedule.Describe]), and an
// award explains itself in the schedule's words ([Award.TraceIn]).
//
// Loss assessment [P-CASH-3]: a [Method] compares sales in the outage
// week (2022-10-15 to 2022-10-21) with the best Saturday-to-Friday week of
// September and October 2022; the shortfall is the loss the bands read.
// The operating margin, an alternative service and Kakao's share of the
// service are why each band pays what it pays [P-CASH-2]: they are not a
// discount on each business's loss, and a host should not multiply the
// loss by them before banding. A host that wants to weight losses anyway
// may pass [Factors]; the zero Factors, the default, weights nothing.
//
// Review referral: the loss-based referral to individual review lives
// here and only here, in the schedule's review band; a host that composes
// this package with package eligibility takes the referral from the
// [Award], so changing the band changes the referral.
//
// Policy change: [Compare] runs two schedules over a set of cases and
// lists the cases whose outcome changed, with the total cost.
//
// # Sources
//
// The tags this package implements, with the value used, the confidence
// (A: the announcement itself; B: several press reports agree; C: one
// report or an inference, always a parameter) and the source, Kakao's
// damage-support announcement of 2022-12-29 unless named.
//
//   - P-CASH-1 (A): small businesses that reported damage are paid by the
//     size of their sales loss: up to and including 300,000 won, 30,000
//     won; over 300,000 and up to and including 500,000 won, 50,000 won;
//     over 500,000 won, the council may consider more after review and
//     proof of the damage. At most 50,000 won a person in the batch. (B)
//     The band limits were set from the median of the reported losses.
//     (C) That a loss over 500,000 won is paid 50,000 won in the batch
//     while it waits for review is an inference: [Options].ReviewAdvance.
//   - P-CASH-2 (A): the band amounts were set reflecting the operating
//     margin, whether an alternative service existed, and Kakao's share
//     of the service (30,000 won is about a tenth of 300,000); they are
//     not a discount on each loss. (C) A weighting of losses by such
//     factors is a host's option, off by default: [Factors].
//   - P-CASH-3 (B): the loss is sales in the outage week (2022-10-15 to
//     2022-10-21) against the best Saturday-to-Friday week of September
//     and October 2022: [Kakao1015Method].
//   - P-INTAKE-4 (A): cases with large direct damage go through a
//     separate individual review: the review band.
//
// # Representation
//
// Money is [decimal.Decimal] in won, which has no minor unit. Bounds,
// amounts and caps are whole won; assessed losses may carry fractions of
// a won and are banded on their exact value, so 300,000.5 is over
// 300,000. Every amount has at most [MaxDigits] significant digits and an
// exponent within ±[MaxExponent]; outside that it is refused with
// [ErrRange], before any arithmetic. Decimals are compared with Cmp, never
// ==, and this package never sets decimal's package variables.
//
// Dates are calendar days in Korea Standard Time (UTC+9), computed with a
// fixed zone ([KST]) so no time-zone database is needed. An instant given
// in any zone stands for its KST day; a method's days lie in the years
// 1970 to 2199.
//
// # Performance
//
// [Schedule.Award] does not allocate, and this is the one place it is
// not plain. A schedule prepares its bounds once, rescaled to each of the
// 129 decimal exponents of the amount domain (-[MaxExponent] to
// +[MaxExponent]), and each band's award ready made; banding a loss then
// compares its coefficient with the bounds of its own exponent, as int64s
// where they fit (a coefficient below 10^18) and as decimals otherwise.
// Both paths must give what the plain rule gives, the first band whose
// bound an exact decimal comparison does not pass: a test holds them to
// it on both sides of each bound at every exponent
// (TestAwardAtEveryExponent), and a fuzz test against that plain banding
// for any coefficient and exponent (FuzzAwardAgreesWithPlainBanding).
//
// # Rounding
//
// None. Banding compares exact values, awards are band amounts, and the
// assessment multiplies exactly (a product of decimals is exact); a
// product with more digits than the amount domain holds is an error, not
// a rounded loss. A host that pays an assessed loss itself rounds it at
// that point, in the mode it names.
//
// # Explanations
//
// An [Award] and an [Assessment] carry every input and threshold they
// used; their Trace methods list the rules that fired by policy tag,
// and both marshal to JSON with amounts as decimal strings.
//
// # Errors
//
// Errors are for bad input only and wrap the sentinel errors of this
// package ([ErrNegativeLoss], [ErrBoundOrder], [ErrNoCap], ...) with the
// offending value; a schedule refused band by band returns a [*BandError].
// [ErrRange] is the same value in packages eligibility and grants. A loss
// of zero is an outcome (no support), not an error; the zero [Award] is
// no decision at all (no band, no trace). No function panics except
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
