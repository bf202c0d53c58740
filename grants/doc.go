// Package grants issues the in-kind grants of an outage-compensation
// programme: emoticons, coupons, subscription passes and advertising cash,
// with their validity periods, claim windows and caps. The default
// catalogue is the Kakao 1015 programme's; every figure cites its
// paragraph of POLICY.md by tag, e.g. [P-EMO-1].
//
// # The rules
//
// Validity [P-EMO-1]: a [Validity] is [Forever], [Days] (the issue day is
// day 1, so n days end at 00:00 KST of the issue day plus n: an emoticon
// downloaded on 2023-01-05 is usable through 2023-04-04 and expired from
// 2023-04-05 00:00 KST) or [Months] (the end is 00:00 KST on the same day
// n months on, clamped to that month's last day: 2023-01-31 plus one
// month ends on 2023-02-28, never in March as [time.Time.AddDate] would).
//
// Claim windows [P-EMO-2]: a [Window] is half-open [opens, closes); a
// claim outside it is a [*WindowError]. The heart package opened on
// 2023-01-05 at 09:00 KST (the hour is a parameter) and closed at the end
// of 2023-01-20.
//
// The catalogue ([Kakao1015]): three emoticons, one forever and two for 90
// days [P-EMO-1]; Kakao Makers coupons of 2,000 and 3,000 won whose
// discount is never more than the order and which apply from a minimum
// order, a parameter [P-COUPON-1]; the one-month Talk Drawer Plus pass,
// 3,000,000 of them first come first served, whose subscription first
// charges when the pass ends with reminders one week and one day before
// ([RenewalOf], [P-DRAWER-1]); and 50,000 won of KakaoTalk Channel cash
// [P-CHANNEL-1]. Facts of confidence C (the opening hour, the minimum
// order, the day Channel cash was paid from) are [Options].
//
// Issuance: a [Ledger] records grants. Issuing is idempotent per item and
// recipient (a retry returns the grant already issued) and a capped item
// never issues more than its cap, under any concurrency. [NewMemoryLedger]
// is the in-process implementation; package grants/ledgertest is the
// conformance suite every Ledger runs.
//
// # Representation
//
// Times are [time.Time]; every date rule works in Korea Standard Time
// (UTC+9) with a fixed zone, so no time-zone database is needed, and any
// input zone gives the same instant. Expiries are exact instants in KST.
// Money is [decimal.Decimal] in won.
//
// # Errors
//
// Errors wrap this package's sentinels ([ErrNotOpen], [ErrClosed],
// [ErrSoldOut], [ErrInvalid], ...) with the offending value. A sold-out
// item and a closed window are errors here because they refuse an action;
// whether a claimant is entitled at all is the eligibility package's
// question. No function panics.
//
// # Concurrency
//
// Items, catalogues and validities are immutable values. [MemoryLedger]
// is safe for simultaneous use by multiple goroutines. There is no mutable
// package state.
//
// # Not modelled
//
// The paid-service compensation under the terms of service [P-PAID-1]
// (e.g. Talk Drawer Plus +15 days) is not in the catalogue; a host can
// add such items with the same machinery. Cancelling a subscription
// before its first charge is the subscription service's business:
// [RenewalOf] only says when the reminders and the charge fall.
package grants
