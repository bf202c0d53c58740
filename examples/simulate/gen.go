package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/outagerelief/relief/eligibility"
	"github.com/outagerelief/relief/examples/intake"
	"github.com/outagerelief/relief/examples/programme"
)

// generate writes n rows of the claims-file schema (CSV) with the
// published intake's mix, sorted by claimant, deterministically.
func generate(n int, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(fieldNames[:]); err != nil {
		return err
	}
	rec := make([]string, numFields)
	var werr error
	intake.Generate(n, intake.Seed, func(c programme.Claim) bool {
		for _, r := range c.Reports {
			claimRow(c, r, rec)
			if werr = cw.Write(rec); werr != nil {
				return false
			}
		}
		return true
	})
	if werr != nil {
		return werr
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// claimRow writes one report of a claim as a row of the claims file.
func claimRow(c programme.Claim, r eligibility.Report, rec []string) {
	cl := c.Claimant
	for i := range rec {
		rec[i] = ""
	}
	rec[fClaimant], rec[fKind], rec[fReport] = cl.ID, cl.Kind.String(), r.ID
	rec[fFiled] = r.FiledAt.In(kst).Format(time.RFC3339)
	rec[fOperator], rec[fService] = r.Operator, r.Service
	rec[fDomestic], rec[fChannel] = strconv.FormatBool(cl.Has(eligibility.DomesticPhone)), strconv.FormatBool(cl.Has(eligibility.TalkChannel))
	rec[fPaid], rec[fMoneyLost] = strconv.FormatBool(r.Paid), strconv.FormatBool(r.MoneyLost)
	if !r.Loss.IsZero() {
		rec[fLoss] = r.Loss.String()
	}
	if b := cl.Business; b != nil {
		rec[fSector], rec[fWorkers], rec[fSales] = string(b.Sector), strconv.Itoa(b.RegularWorkers), b.AverageSales.String()
		if b.Executives > 0 {
			rec[fExecutives] = strconv.Itoa(b.Executives)
		}
		if b.DayWorkers > 0 {
			rec[fDayWorkers] = strconv.Itoa(b.DayWorkers)
		}
		hours := make([]string, len(b.PartTimeHours))
		for i, h := range b.PartTimeHours {
			hours[i] = strconv.Itoa(h)
		}
		rec[fPartTime] = strings.Join(hours, ";")
	}
}
