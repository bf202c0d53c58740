package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/outagerelief/relief/compensation"
	"github.com/shopspring/decimal"
)

// summary writes, per item of the catalogue, what this run did and the
// ledger's count against the cap.
func (j *job) summary(ctx context.Context, w io.Writer, took time.Duration) error {
	fmt.Fprintf(w, "job %s: grants issued at %s\n", j.rec.Name, j.rec.IssuedAt.Format("2006-01-02 15:04:05 MST"))
	fmt.Fprintf(w, "claimants %s (issued by an earlier run of the job: %s), rows %s, bad rows %s\n",
		commas(j.claimants), commas(min(j.rec.Done, j.claimants)), commas(j.rows.Load()), commas(j.bad.Load()))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "item\tissued\theld already\tsold out\toutside its window\tin the ledger\tcap\t")
	var issued int64
	for _, it := range j.p.Catalogue().Items() {
		t := j.tallies[it.ID]
		if t == nil {
			t = &itemTally{}
		}
		n, err := j.l.Issued(ctx, it.ID)
		if err != nil {
			return err
		}
		c := "none"
		if it.Cap > 0 {
			c = commas(it.Cap)
		}
		issued += t.New
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", it.ID, commas(t.New), commas(t.Held), commas(t.SoldOut), commas(t.Outside), commas(n), c)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	secs := took.Seconds()
	_, err := fmt.Fprintf(w, "took %.1fs: %s requests, %s grants issued, %s requests/s\n", secs, commas(j.requests.Load()), commas(issued), commas(int64(float64(j.requests.Load())/max(secs, 1e-9))))
	return err
}

// commas writes n with thousands separators, as the library writes an
// amount.
func commas(n int64) string { return compensation.FormatWon(decimal.NewFromInt(n)) }

// progressLine is "issue: R rows of T, Q requests, S requests/s, ETA E, D
// elapsed".
func (j *job) progressLine(elapsed time.Duration) string {
	rows, secs, reqs := j.rows.Load(), elapsed.Seconds(), j.requests.Load()
	line := fmt.Sprintf("issue: %s rows", commas(rows))
	if j.total > 0 {
		line += " of " + commas(j.total)
	}
	line += fmt.Sprintf(", %s requests, %s requests/s", commas(reqs), commas(int64(float64(reqs)/max(secs, 1e-9))))
	if j.total > 0 && rows > 0 {
		left := time.Duration(float64(j.total-rows) / float64(rows) * float64(elapsed))
		line += ", ETA " + left.Round(time.Second).String()
	}
	return line + fmt.Sprintf(", %s elapsed", elapsed.Round(time.Second))
}
