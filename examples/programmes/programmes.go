// Package programmes holds real outage-compensation programmes as files,
// each a JSON object in the form programme.Load reads (its schema is
// programme.schema.json): Kakao 1015 (kakao1015.json, equal to the Go
// value programme.Kakao1015), KT's network outage of 2021 (kt2021.json),
// KT's Ahyeon telecom-building fire of 2018 (ktahyeon2018.json) and
// Optus's national outage of 2023 (optus2023.json). Their tests compute
// each outcome by hand from the facts the files cite by tag.
//
// The facts of the three programmes other than Kakao 1015, with their
// grades (A: the operator's own notice; B: several reports agree; C: one
// report or an inference, a parameter of the file):
//
//   - KT21-1 (B): every individual and corporate line is credited the fee
//     for 15 hours, whatever that line's own outage (KBS World, Korea
//     Times, WowTV/Hankyung, 2021-11-01).
//   - KT21-2 (B): a small business's line is credited 10 days of its fee;
//     a line counts as a small business's when it is subscribed under a
//     business registration number or managed as a sole proprietor's
//     (ETNews, WowTV, 2021-11-01).
//   - KT21-3 (B): wireless, internet, IP phone, business products, extra
//     devices and resold lines are covered (kdpress, 2021-11-02).
//   - KT21-4 (B): no application: the credit is taken off the November
//     charges, billed in December (KBS World, Korea Times, 2021-11-01).
//   - KT21-6 (C): a month is 30 days (720 hours): a 50,000-won plan gets
//     50,000 x 15/720 = 1,041.67 won; the rounding was not published, and
//     the file names its own (down, to the won).
//   - KT21-7 (C): lines opened after the outage, and IPTV, were not
//     credited (inferred from the published list).
//   - AH-1 (B): subscribers in the affected area have one month's fee
//     waived, the month being the average of the August to October 2018
//     bills, on the January 2019 bill, with no application (Chosun Biz,
//     Newstomato, Donga, 2018-11-25; Moneys, 2018-12-12).
//   - AH-3 (B): lines on the damaged cable: internet 3 months' fee,
//     telephone up to 6 months' (C: 6 taken) (Yonhap via Korea Herald,
//     2018-12-10).
//   - AH-4 (B): small businesses reported at community centres for 15
//     days from 2018-12-12 (Newsis via Kukmin, 2018-12-12).
//   - AH-5 (B): the council's final agreement, 2019-03-22: by the days the
//     business's service was down, 1 to 2 days 400,000 won, 3 to 4 days
//     800,000, 5 to 6 days 1,000,000, 7 days or more 1,200,000 (SBS, KBS
//     World, MBN, 2019-03-22).
//   - AH-6 (B): the sales ceiling raised to 3 billion won, wholesale and
//     retail below 5 billion; (C) the statutory worker limits kept.
//   - AH-7 (C): a further online round ran for six weeks to 2019-05-05
//     (SBS, 2019-03-22).
//   - OP-1 (B): eligible postpaid customers, consumers and small
//     businesses, mobile and tablet, get at least 200 GB of extra data,
//     available from Monday 2023-11-13, to be activated by the end of
//     2023 (7News, 2023-11-09; Canstar Blue; 10play, 2023-11-10). Times
//     are Sydney's (daylight saving in November, UTC+11); money is AUD.
//   - OP-2 (C): 100 GB a billing cycle for three cycles, the activation
//     cycle included (EFTM, 2023-11): the file takes three calendar
//     months from activation.
//   - OP-3 (B): a business account gets the data for each eligible mobile
//     service (9News, 2023-11).
//   - OP-4 (B): prepaid customers on eleven listed plans get unlimited
//     data at weekends until the end of 2023, applied from Saturday
//     2023-11-18 (9News; Canstar Blue).
//   - OP-6 (C): enterprise customers were handled by their account teams
//     (an inference): no benefit here.
//
// The files are data, embedded in [Files]; package programme's
// [programme.Load] reads each.
package programmes

import "embed"

// Files holds the programme files and their schema.
//
//go:embed *.json
var Files embed.FS
