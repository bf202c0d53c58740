// Package grants issues the in-kind grants of an outage-compensation
// programme: emoticons, coupons, subscription passes and advertising cash,
// with their validity periods, claim windows and caps. The default
// catalogue is the Kakao 1015 programme's. Every figure carries the tag of
// the fact it implements, e.g. [P-EMO-1]; the section Sources below lists
// each tag with its value, its confidence and its public source.
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
// Claim windows [P-EMO-2]: a [ClaimWindow] is half-open [opens, closes),
// exact to the instant; a claim outside it is a [*WindowError]. The heart
// package opened on 2023-01-05 at 09:00 KST (the hour is a parameter) and
// closed at the end of 2023-01-20. The zero ClaimWindow is never open.
//
// A catalogue is a value: [NewCatalogue] validates a [Config] of items,
// each with its own names in Korean and English, and each naming the
// benefit it fulfils by the key its programme declares; [Kakao1015Config],
// [Kakao1015With] and [Kakao1015] give the Kakao 1015 catalogue in the same
// three forms as packages compensation and eligibility. [Describe] writes
// a benefit's items for a notice: values, validity, claim window, cap.
//
// The catalogue of Kakao 1015: three emoticons, one forever and two for 90
// days [P-EMO-1]; Kakao Makers coupons of 2,000 and 3,000 won whose
// discount is never more than the order and which apply from a minimum
// order, a parameter [P-COUPON-1]; the one-month Talk Drawer Plus pass,
// 3,000,000 of them first come first served, whose subscription renews
// at 1,900 won a month unless cancelled, with reminders one week and one
// day before the first charge ([Renewal], [Item.FirstCharge],
// [P-DRAWER-1]); and 50,000 won of KakaoTalk Channel cash [P-CHANNEL-1],
// whose day the texts give as the sources do and whose delivery they say
// was not published. The opening hour (B) and the facts of confidence C
// (the minimum order, the instant Channel cash was paid from, a new
// user's free month) are [Options]. Each item
// names the benefit it fulfils by package eligibility's key, so a host
// maps a decision to items with [Catalogue.ForBenefit].
//
// # Sources
//
// The tags this package implements, with the value used, the confidence
// (A: the announcement itself; B: several press reports agree; C: one
// report or an inference, always a parameter) and the source, Kakao's
// damage-support announcement of 2022-12-29 unless named.
//
//   - P-EMO-1 (A): three emoticons, one usable forever and two for 90
//     days. (B) The 90 days run from the download, the download day being
//     day 1: one downloaded on 2023-01-05 was usable through 2023-04-04
//     and gone on 2023-04-05.
//   - P-EMO-2 (A): claimable through KakaoTalk from 2023-01-05; (B) the
//     window closed at the end of 2023-01-20; (B) it opened at 09:00, and
//     on 2023-01-04 the claim page was open by mistake for about 15
//     minutes (Asia Economy, 2023-01-05): windows are exact to the second
//     and enforced by the issuer. [Options].HeartOpenHour.
//   - P-EMO-3 (B): for Kakao accounts with a domestic phone number (the
//     eligibility package decides it).
//   - P-COUPON-1 (A): two thank-you coupons for Kakao Makers, 2,000 and
//     3,000 won; (B) same claim window, optional; (C) each applies above
//     a minimum order that was not published: [Options].CouponMinOrder.
//   - P-DRAWER-1 (A): a one-month Talk Drawer Plus pass for 3,000,000
//     users; (B) first come, first served, same claim window; the
//     subscription renews automatically unless cancelled, with reminders
//     one week and one day before the first charge, and a cancellation
//     may be booked ahead; the month after the free one is charged 1,900
//     won (Asia Economy, 2023-01-05): [Item.Renews]. (C) A user new to
//     Talk Drawer Plus gets its usual free month first, the first charge
//     up to two months after the claim (ddaily, 2023-01-06):
//     [Options].DrawerNewUserMonth, marked provisional in the texts.
//   - P-CHANNEL-1 (A): 50,000 won of KakaoTalk Channel cash for every
//     small business; (B) about 3,000 messages' worth, paid from
//     2023-02-20 or 21; no hour was published, nor how the cash reaches
//     a business: the window's Said and the item's Delivery say so. (C,
//     as to the instant) [Options].ChannelCashFrom.
//
// Issuance: a [Ledger] records grants. Issuing is idempotent per item and
// recipient (a retry returns the grant already issued) and a capped item
// never issues more than its cap, under any concurrency. The cap is the
// item's: the first issue a ledger sees fixes it, and an issue with
// another is refused ([ErrCapChanged]). [NewMemoryLedger]
// is the in-process implementation; package grants/ledgertest is the
// conformance suite every Ledger runs.
//
// # Representation and domains
//
// Times are [time.Time]; every date rule works in Korea Standard Time
// (UTC+9) with a fixed zone ([KST]), so no time-zone database is needed,
// and any input zone gives the same instant. Expiries are exact instants
// in KST. Every instant taken lies in [1970-01-01, 2200-01-01) KST
// ([CheckInstant]) and validities last at most a century, so every expiry
// fits JSON and a database. Recipients and item IDs share one identity
// domain for every Ledger ([CheckIdentity]: one way to write each name:
// valid UTF-8, in NFC, with no control, invisible or format characters,
// no leading or trailing space, at most 256 bytes; case counts). Money is [decimal.Decimal] in
// won, with at most [MaxDigits] significant digits and an exponent within
// ±[MaxExponent].
//
// # Errors
//
// Errors wrap this package's sentinels ([ErrNotOpen], [ErrClosed],
// [ErrSoldOut], [ErrInvalid], [ErrCapChanged], ...) with the offending
// value; an instant outside its domain wraps both [ErrInvalid] and
// [ErrRange] (the same value as compensation.ErrRange and
// eligibility.ErrRange), cut to 64
// bytes where it could be long. A sold-out
// item and a closed window are errors here because they refuse an action;
// whether a claimant is entitled at all is the eligibility package's
// question. No function panics.
//
// # Performance
//
// [MemoryLedger], the reference ledger of the conformance suite, is the
// package's one piece of machinery: grants in 64 shards by recipient,
// each an open-addressing table of fixed-size records, the recipients'
// names copied into one byte arena (no pointer for the collector to
// follow: about a hundred bytes a grant), and each item's count an atomic
// counter. A plain ledger of one lock and one map, in its tests, is what
// it is held to: both pass package grants/ledgertest, and a fuzz test
// (FuzzMemoryLedgerAgreesWithTheReference) gives both any sequence of
// issues and batches and wants the same outcome, serial and holdings from
// each.
//
// # Concurrency
//
// Items, catalogues and validities are immutable values. [MemoryLedger]
// is safe for simultaneous use by multiple goroutines, and its zero value
// is an empty ledger. There is no mutable
// package state.
//
// # Not modelled
//
// The paid-service compensation under the terms of service [P-PAID-1]
// (e.g. Talk Drawer Plus +15 days) is not in the catalogue; a host can
// add such items with the same machinery. Cancelling a subscription
// before its first charge is the subscription service's business:
// [Item.FirstCharge] only says when the reminders and the charge fall,
// for a holder the host says is new to the service or not.
package grants
