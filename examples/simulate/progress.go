package main

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/outagerelief/relief/examples/internal/progress"
)

// startProgress starts the live line on standard error while a long run
// reads: rows, rows a second, bad rows, elapsed, counted since start. It
// is drawn only when standard error is a terminal; otherwise the run is
// silent until its summary.
func startProgress(w io.Writer, rows, bad *atomic.Int64, start time.Time) *progress.Line {
	return progress.Start(w, 0, func() string {
		n, secs := rows.Load()+bad.Load(), time.Since(start).Seconds()
		return fmt.Sprintf("simulate: %d rows, %.0f rows/s, %d bad, %.1fs", n, float64(n)/secs, bad.Load(), secs)
	})
}
