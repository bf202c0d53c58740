package grants

import (
	"fmt"
	"time"
)

// Window is a half-open claim window [Opens, Closes): a claim at Opens is
// taken, one at Closes is refused. A zero Closes never closes.
//
// The zero Window is always open.
type Window struct {
	Name   string    `json:"name"`
	Rule   string    `json:"rule,omitempty"` // the POLICY.md tag it implements
	Opens  time.Time `json:"opens"`
	Closes time.Time `json:"closes,omitzero"`
}

// NewWindow returns a claim window. A zero closes never closes. It returns
// an error wrapping [ErrInvalid] if closes is not after opens.
func NewWindow(name, rule string, opens, closes time.Time) (Window, error) {
	if !closes.IsZero() && !closes.After(opens) {
		return Window{}, fmt.Errorf("%w: window %s closes %s, not after it opens %s", ErrInvalid, name,
			closes.In(kst).Format(time.RFC3339), opens.In(kst).Format(time.RFC3339))
	}
	w := Window{Name: name, Rule: rule, Opens: opens.In(kst)}
	if !closes.IsZero() {
		w.Closes = closes.In(kst)
	}
	return w, nil
}

// Check returns nil if a claim at t falls inside the window, and a
// [*WindowError] wrapping [ErrNotOpen] or [ErrClosed] if not.
func (w Window) Check(t time.Time) error {
	switch {
	case t.Before(w.Opens):
		return &WindowError{Window: w, At: t, Err: ErrNotOpen}
	case !w.Closes.IsZero() && !t.Before(w.Closes):
		return &WindowError{Window: w, At: t, Err: ErrClosed}
	}
	return nil
}

// String describes the window in KST, e.g.
// "heart package [2023-01-05 09:00, 2023-01-21 00:00) KST".
func (w Window) String() string {
	const f = "2006-01-02 15:04"
	closes := "open-ended"
	if !w.Closes.IsZero() {
		closes = w.Closes.In(kst).Format(f)
	}
	return fmt.Sprintf("%s [%s, %s) KST", w.Name, w.Opens.In(kst).Format(f), closes)
}
