package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress is the live line on standard error while a long run reads:
// rows, rows a second, bad rows, elapsed. It is drawn only when standard
// error is a terminal; otherwise the run is silent until its summary.
type progress struct {
	w     io.Writer
	live  bool
	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	drawn bool
}

// startProgress draws the line every 200 ms from rows and bad, counted
// since start.
func startProgress(w io.Writer, rows, bad *atomic.Int64, start time.Time) *progress {
	p := &progress{w: w, done: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.live = true
		}
	}
	if !p.live {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				n, secs := rows.Load()+bad.Load(), time.Since(start).Seconds()
				p.mu.Lock()
				fmt.Fprintf(p.w, "\r\033[Ksimulate: %d rows, %.0f rows/s, %d bad, %.1fs", n, float64(n)/secs, bad.Load(), secs)
				p.drawn = true
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// clear erases the line, so that another message can be written.
func (p *progress) clear() {
	if !p.live {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// stop ends the line.
func (p *progress) stop() {
	if !p.live {
		return
	}
	close(p.done)
	p.wg.Wait()
	p.clear()
}
