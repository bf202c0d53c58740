// Command floor is the floor the simulator's scale is measured against:
// it reads a claims CSV with encoding/csv (ReuseRecord), parses each loss
// with decimal and each filing time with time.Parse, and does nothing
// else. examples/simulate/scale/run.sh runs it beside the simulator on
// the same file.
//
//	go run ./examples/simulate/floor claims.csv
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shopspring/decimal"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor claims.csv")
		os.Exit(2)
	}
	n, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	fmt.Printf("%d rows\n", n)
}

func read(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return 0, err
	}
	loss, filed := -1, -1
	for i, h := range header {
		switch h {
		case "loss":
			loss = i
		case "filed_at":
			filed = i
		}
	}
	n := 0
	var sum decimal.Decimal
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, err
		}
		n++
		if loss >= 0 && rec[loss] != "" {
			d, err := decimal.NewFromString(rec[loss])
			if err == nil {
				sum = sum.Add(d)
			}
		}
		if filed >= 0 {
			if _, err := time.Parse(time.RFC3339, rec[filed]); err != nil {
				return n, fmt.Errorf("row %d: %w", n, err)
			}
		}
	}
	_ = sum
	return n, nil
}
