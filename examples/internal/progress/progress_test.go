package progress

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuilder is a writer the line's goroutine and the test share.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Where the writer is not a terminal, a period writes plain lines, and a
// period of 0 writes nothing; Stop leaves nothing running.
func TestLinesOffATerminal(t *testing.T) {
	for _, tt := range []struct {
		name   string
		period time.Duration
		lines  bool
	}{
		{"a period writes a line each tick", 5 * time.Millisecond, true},
		{"a period of 0 writes nothing", 0, false},
		{"a negative period writes nothing", -time.Second, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var w lockedBuilder
			l := Start(&w, tt.period, func() string { return "progress: 1 row" })
			time.Sleep(40 * time.Millisecond)
			l.Stop()
			got := w.String()
			if tt.lines != (got != "") || tt.lines && (!strings.HasPrefix(got, "progress: 1 row\n") || strings.Contains(got, "\r")) {
				t.Errorf("wrote %q", got)
			}
			after := w.String()
			time.Sleep(20 * time.Millisecond)
			if w.String() != after {
				t.Error("the line went on after Stop")
			}
		})
	}
}
