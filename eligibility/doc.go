// Package eligibility decides who qualifies for which benefit of an
// outage-compensation programme, each decision with its reasons. The
// default policy is the Kakao 1015 programme. Every figure carries the tag
// of the fact it implements, e.g. [P-SB-1]; the section Sources below
// lists each tag with its value, its confidence and its public source.
//
// # A programme is a value
//
// A [Policy] is built by [NewPolicy] from a [Config] that declares
// everything the policy knows: the programme's operator and the
// affiliates whose reports go to their own support; the kinds of claimant
// ([ClaimantKind]: a person, a business, an account, a line); the
// attributes a claimant may have ([Attribute]: a domestic phone, a
// Channel, a postpaid plan, a line in the area); the benefits and who gets
// each ([Benefit], whose When is a [Condition]); the intake windows; how
// a claimant's reported losses make its one loss ([LossRule]); the
// small-business test ([SmallBusinessTest], [StatutoryTest]); and the tags
// of the policy's own rules ([Tags]). Nothing of a programme is built in:
// Kakao 1015 is [Kakao1015Config], one such value. A benefit is declared
// as
//
//	eligibility.Benefit{
//		Key:  "channel-cash",
//		Name: eligibility.Text{Ko: "카카오톡 채널 메시지 캐시", En: "KakaoTalk Channel cash"},
//		Rule: "P-CHANNEL-1",
//		When: eligibility.All(eligibility.IsSmall(), eligibility.Has("talk-channel")),
//	}
//
// and a condition is one of a small, closed set of combinators ([Always],
// [Never], [KindIs], [Has], [IsSmall], [CountedReport], [CountedLoss],
// [CountedDamage], [All], [Any], [Not]), checked against the declarations:
// an undeclared kind or attribute is an error naming it. Every reason a
// decision gives is made from the declarations, with the tag of the rule
// that produced it and a sentence in Korean and in English
// ([Reason]); a policy describes itself for a notice ([Policy.Describe]).
//
// # The rules of Kakao 1015
//
// Small-business test [P-SB-1..5], [StatutoryTest]:
// [Policy.SmallBusiness] takes the business's main line of business as a
// KSIC code ([ParseSector]: "I", "C10", "G47", "C10711"), or finds it as
// the largest of the previous year's sales by sector; resolves it to its
// line of decree table 3 in the version in force at the instant the
// programme judges size at ([Config].SizeAt: for Kakao 1015, the
// claimant's application), and checks the average annual sales against
// that line's ceiling, citing the line by its number in that version. It
// counts regular workers against the limit of the code's KSIC section:
// fewer than 10 in B, C, F and H, fewer than 5 in every other section,
// the month-end counts averaged exactly (4.5 is fewer than 5), or the one
// count a host has. A part-timer of 60 hours a month or more counts 0.5,
// one of fewer counts 0; executives and day workers are not counted. A
// business that grew out of the definition is still small for three
// years from the year after, unless a reason of the law ends it. A code
// the table does not cover (S94, O, T, U) is a verdict of not small, with
// its reason; a code too broad to name one line (C, E, S) is an error.
//
// Routing [P-AFF-1]: [Policy.Route] gives a report about Kakao Games,
// Kakao Mobility, Kakao Entertainment or Kakao Pay to that affiliate, and
// a report about Kakao to Kakao. Names match exactly (case and spacing
// count); any other name is an error naming it, never Kakao's case.
//
// Intake windows [P-INTAKE-3, P-CASH-4]: a report counts when filed in a
// window that admits the claimant's kind: the reporting window
// (2022-10-19 to 2022-11-06) for everyone; for small businesses the
// application period (from 15:00 on 2023-01-30, C, to 2023-02-27, for
// businesses that had already reported), the second intake (2023-02-13
// to 2023-02-27), the first extension (to 2023-04-14) and the second
// (2023-04-15 to 2023-05-31). Whom each extension admitted is reported
// two ways (C): [Options] says, and the texts mark it provisional; by
// default the first is for earlier reporters and the second takes new
// applicants too. Windows are half-open [opens, closes) in KST: the last
// day runs to 24:00.
//
// Entitlements: [Policy.Entitlements] decides each declared benefit for a
// claimant and their reports on a date, granted or not, with reasons:
// the heart package (emoticons, coupons, the Drawer pass) for a Kakao
// account on a domestic phone number, Channel cash for every small
// business, cash support for a small business whose counted reports state
// a loss, individual review for a company's direct damage. How much cash
// a small business gets, and whether its loss goes to individual review,
// is the cash schedule's (package compensation): a decision gives the
// claimant's loss, and each figure has one home.
//
// The loss [P-CASH-1, P-CASH-3]: a business's sales loss is one figure,
// its outage week against its best baseline week. A damage report and a
// later application about it are two steps of one claim: under
// [LossLargest], Kakao 1015's rule, the claimant's loss is the largest its
// counted reports state, never their sum. A programme that pays several
// distinct losses says so with [LossSum].
//
// Intake tally [P-INTAKE-1, P-INTAKE-2]: a [Tally] counts reports in the
// council's shape. Shares are exact ([Share]) and rounded half up to one
// place only for display. The arithmetic is shown as it is: 87,195 of
// 105,116 reports is 82.95%, displayed as 83.0%; the announcement's 83.1%
// does not follow from its own counts.
//
// # Sources
//
// The tags this package implements, with the value used, the confidence
// (A: the announcement or the statute itself; B: several press reports
// agree; C: one report or an inference, always a parameter) and the
// source.
//
//   - P-SB-1 (A): a small business is a small enterprise with fewer than
//     10 regular workers in mining, manufacturing, construction, and
//     transport and storage (KSIC B, C, F, H), fewer than 5 in every other
//     section. Small Business Basic Act art. 2; its enforcement decree
//     art. 3. SmallBusinessTest.WorkerLimits, DefaultWorkerLimit.
//   - P-SB-2 (A): executives, day workers, staff on contracts of 3 months
//     or less and certified research staff are not counted; a part-timer
//     contracted for 60 hours a month or more counts 0.5, below that 0;
//     the head count is the previous business year's month-end counts
//     added up and divided by 12 (for a business founded or merged within
//     it, by its months), not rounded (decree art. 3(4)).
//     Business.MonthEndWorkers, or RegularWorkers for a host's one count;
//     SmallBusinessTest.PartTimeHours.
//   - P-SB-3 (A from 2025-09-01, B before): the ceiling on average annual
//     sales by main line of business, decree table 3 (별표 3) of the
//     Framework Act on SMEs, 43 lines and note 2 (railway-vehicle and
//     aircraft seats, 120억). The amendment, decided by the Cabinet on
//     2025-08-26 and promulgated and in force on 2025-09-01 (decree
//     제35723호), raised 12 of the 43 lines by 5억 to 20억 (range now 15억
//     to 140억); the current text is the decree as the Ministry of
//     Government Legislation publishes it (revised 2025-10-01, same
//     figures); the earlier table is the current one less the raised
//     lines, as public guides to the old decree give it. Each version
//     numbers its lines in its own order (C19 is line 1 of the current
//     one); a verdict cites the number of the version it used. (C) Size
//     is judged as of the programme's instant, for Kakao 1015 the
//     application: Config.SizeAt.
//   - P-SB-4 (A): a small business that grew out of the definition is
//     still one for 3 years from the year after; not after a merger with
//     an enterprise that is not small, nor for the reasons of the act's
//     decree art. 4 (20 or more regular workers, no longer an SME, a
//     disclosed business group, giving it up). Small Business Basic Act
//     art. 2(2). Business.Grace, SmallBusinessTest.GraceYears and
//     GraceWorkers.
//   - P-SB-5 (A): the main line of business is the one with the largest
//     share of the previous year's sales (the act's decree art. 3(2),
//     the Framework Act on SMEs decree arts. 4 and 7). Business.Sector,
//     or Business.SalesBySector.
//   - P-INTAKE-1 (A): 105,116 reports through Kakao's official channels;
//     reports about affiliates were left out; 87,195 Kakao cases analysed
//     (announced as 83.1%). Kakao's damage-support announcement of
//     2022-12-29.
//   - P-INTAKE-2 (A, B): general users 79.8%, small businesses 20%,
//     mid-sized and large companies 0.2%; 14,918 paid-service reports;
//     about 13,195 free-service reports with money lost; (B) 17,433 small
//     businesses, 151 mid/large, 59,082 reports with no money lost. The
//     announcement, and press reports of it.
//   - P-INTAKE-3 (B): reporting window 2022-10-19 to 2022-11-06; second
//     small-business intake 2023-02-13 to 2023-02-27; the second
//     extension to 2023-05-31 took new applicants too (JoongAng,
//     2023-04-18). Config.Windows.
//   - P-INTAKE-4 (A): cases with large direct damage go to a separate
//     individual review. (C) that every mid-sized or large company with
//     money lost is one: Options.ReviewEnterprises, on by default.
//   - P-CASH-4 (B): small-business applications 2023-01-30 to 2023-02-27,
//     extended to 2023-04-14 (Newsis, 2023-02-21; WowTV, 2023-03-06),
//     then to 2023-05-31 (JoongAng, 2023-04-18). (C) Whom each extension
//     admitted is reported differently (mtime, 2023-04-18; Yonhap):
//     Options.FirstExtensionAdmitsNew and SecondExtensionAdmitsNew. (C)
//     Document intake opened at 15:00 on 2023-01-30 (MT, 2023-01-30):
//     Options.ApplicationsOpen. Config.Windows.
//   - P-CHANNEL-1 (A): 50,000 won of KakaoTalk Channel cash for every
//     small business, damage report or not. (C) that a Channel was
//     needed is an inference: Options.RequireChannel, off by default.
//   - P-AFF-1 (A): Kakao Games, Kakao Mobility, Kakao Entertainment and
//     Kakao Pay "and others" run their own support for their partners.
//     The list is open: Config.Affiliates, with each affiliate's Korean
//     and English name, and Config.AffiliatesOpen, so the texts say so.
//   - P-EMO-3 (B): the heart package is for Kakao accounts with a
//     domestic phone number; no report needed.
//   - P-COUPON-1, P-DRAWER-1 (A, B): coupons and the Drawer pass for the
//     same users as the emoticons (who may claim them is an inference:
//     the same domestic users). Their figures live in package grants.
//   - P-CASH-1 (A): cash support for small businesses that reported a
//     sales loss. Its bands, cap and review referral live in package
//     compensation. (A, by P-CASH-3) the loss is one figure per business,
//     never the sum of its reports: LossLargest.
//
// # Parameters
//
// Every figure and every structure is a field of [Config];
// [Kakao1015Config] returns the programme's with the [Options] that rest
// on an inference (confidence C), [Kakao1015With] validates it and
// [Kakao1015] is the programme with [DefaultOptions]: the same three
// forms as packages compensation and grants.
//
// # Representation and domains
//
// Money is [decimal.Decimal] in won, within [MaxDigits] significant
// digits and exponents within ±[MaxExponent]; declared keys (kinds,
// attributes, benefits, windows) are plain lower-case ASCII of at most
// [MaxKeyBytes] bytes ([CheckKey]); claimant IDs are compared byte for
// byte, case included; worker counts are exact
// decimals in halves, from counts within [0, MaxCount] and hours within
// [0, MaxMonthlyHours]. Instants are [time.Time] in any zone, compared as
// instants, from 1970-01-01 up to but not including 2200-01-01 KST; dates
// are KST calendar days, with a fixed zone ([KST]) so no time-zone
// database is needed. A value outside its domain is an error wrapping
// [ErrRange] that names the field.
//
// # Errors
//
// Ineligibility is a decision with reasons, never an error. Errors are for
// bad input and wrap this package's sentinels ([ErrUnknownKind],
// [ErrUnknownAttribute], [ErrDuplicateReport], [ErrSector],
// [ErrAmbiguousSector], [ErrUnknownOperator], [ErrBeforeTables],
// [ErrConfig], ...) with the offending value, quoted and cut to 64 bytes.
// [ErrRange] and [ErrNoTime] are the same values in packages compensation
// and grants.
// No function panics except the Must forms, on literals.
//
// # Performance
//
// A decision on one report takes well under a microsecond and allocates
// once: the Decision it returns, whose arrays (entitlements, reasons)
// come in one block shaped for up to 4, 6 or 8 benefits; a reason is a
// pointer to its declaration, never a string made for it. More reports
// add allocations with the logarithm of their number. A host deciding
// claimant after claimant gives [Policy.EntitlementsInto] a [Buffer] to use
// again, and its decisions allocate none of their arrays. The revenue table
// indexes each KSIC section and division once, so that a sector resolves
// by an array look-up. The README's benchmark table has the figures.
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
// Table 3's other notes (its rule for a business with several lines of
// business, the averaging of sales over years) are the host's: it passes
// the average sales, and the main line of business or the sales by
// sector. Whether a declared grace's year of growth is right is the
// host's to know: the test reads the year it is given. KSIC codes finer
// than a division are checked for form, not looked up in the
// classification.
// The Drawer cap and the claim windows of grants are enforced by the
// grants package.
package eligibility
