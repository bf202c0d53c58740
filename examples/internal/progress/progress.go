// Package progress is the progress line the examples' long commands
// (simulate, issue) write on standard error: on a terminal a live line,
// redrawn in place every 200 ms; elsewhere (a log, a pipe) a plain line
// every period, or nothing.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// redraw is how often a live line is drawn again.
const redraw = 200 * time.Millisecond

// A Line writes text's progress to w until Stop.
type Line struct {
	w     io.Writer
	text  func() string
	live  bool
	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	drawn bool // a live line is on the screen
}

// Start begins writing text() to w: redrawn every 200 ms where w is a
// terminal, else a line every period (nothing for a period of 0).
func Start(w io.Writer, period time.Duration, text func() string) *Line {
	l := &Line{w: w, text: text, done: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			l.live, period = true, redraw
		}
	}
	if period <= 0 {
		return l
	}
	l.wg.Add(1)
	go l.run(period)
	return l
}

func (l *Line) run(period time.Duration) {
	defer l.wg.Done()
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-l.done:
			return
		case <-t.C:
			line := l.text()
			l.mu.Lock()
			if l.live {
				fmt.Fprint(l.w, "\r\033[K"+line)
				l.drawn = true
			} else {
				fmt.Fprintln(l.w, line)
			}
			l.mu.Unlock()
		}
	}
}

// Clear erases a live line, so that another message can be written; it
// is drawn again at the next tick.
func (l *Line) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drawn {
		fmt.Fprint(l.w, "\r\033[K")
		l.drawn = false
	}
}

// Stop ends the line, erasing a live one. Call it once.
func (l *Line) Stop() {
	close(l.done)
	l.wg.Wait()
	l.Clear()
}
