// Package eligibility decides who qualifies for which benefit of an
// outage-compensation programme, each decision with its reasons. The
// default policy is the Kakao 1015 programme; every figure cites its
// paragraph of POLICY.md by tag, e.g. [P-SB-1].
//
// # The rules
//
// Small-business test [P-SB-1, P-SB-2, P-SB-3]: [Policy.SmallBusiness]
// counts regular workers (a part-timer of 60 hours a month or more counts
// 0.5, one of fewer counts 0; executives and day workers are not counted)
// against fewer than 10 in mining, manufacturing, construction and
// transport and fewer than 5 elsewhere, and average annual sales against
// the sector's ceiling in the revenue table in force on the date the
// decision is about. The tables are effective-dated: decree table 3 as in
// force before 2025-09-01, and as amended from that day.
//
// Routing [P-AFF-1]: a report about Kakao Games, Kakao Mobility, Kakao
// Entertainment or Kakao Pay goes to that affiliate ([Policy.Route]) and
// earns nothing from Kakao's programme.
//
// Intake windows [P-INTAKE-3]: a report counts when filed in the reporting
// window (2022-10-19 to 2022-11-06) or, for a small business, the second
// intake (2023-02-13 to 2023-02-27). Windows are half-open [opens, closes)
// in KST: the last day runs to 24:00.
//
// Entitlements: [Policy.Entitlements] decides each [Benefit] for a
// claimant and their reports on a date, granted or not, with reasons.
//
// Intake tally [P-INTAKE-1, P-INTAKE-2]: a [Tally] counts reports in the
// council's shape. Shares are exact ([Share]) and rounded half up to one
// place only for display. The arithmetic is shown as it is: 87,195 of
// 105,116 reports is 82.95%, displayed as 83.0%; the announcement's 83.1%
// does not follow from its own counts.
//
// # Parameters and sources
//
// Every figure is a field of [Config]; [Kakao1015Config] returns the
// programme's, and [NewPolicy] validates a changed copy. The revenue
// ceilings come from the Framework Act on SMEs decree, table 3. The table
// before 2025-09-01 is the one summarised in public guides to the decree
// (tiers of 10억, 30억, 50억, 80억 and 120억 won). For the table from
// 2025-09-01 the announcement of the amendment (cabinet, 2025-08-26) gives
// the range, 15억 to 140억 won, and that 12 of 43 sectors rose by 5억 to
// 20억; the per-sector figures are POLICY.md's (B), and the sectors it
// does not name are inferences (C), recorded in the table's Source. Verify
// them against the decree before relying on them.
//
// # Representation
//
// Money is [decimal.Decimal] in won; worker counts are exact decimals in
// halves. Times are [time.Time] in any zone, compared as instants; dates
// are KST calendar days, with a fixed zone so no time-zone database is
// needed.
//
// # Errors
//
// Ineligibility is a decision with reasons, never an error. Errors are for
// bad input and wrap this package's sentinels ([ErrUnknownSector],
// [ErrBeforeTables], [ErrUnknownKind], ...) with the offending value. No
// function panics.
//
// # Concurrency
//
// A [Policy] is immutable and safe for simultaneous use by multiple
// goroutines; decisions are values. A [Tally] is a counter owned by one
// goroutine. There is no mutable package state.
//
// # Not modelled
//
// The documents of [P-CASH-4] (certificates, proofs, bank account) and the
// independence and asset tests of the SME decree are not checked: a host
// that verifies them passes the result as the claimant's profile or kind.
// Which users may claim the coupons and the Drawer pass is an inference:
// the same domestic users as the emoticons [P-EMO-3]. The Drawer cap and
// the claim windows of grants are enforced by the grants package.
package eligibility
