package grants

import (
	"fmt"
	"time"
)

// ClaimWindow is a half-open claim window [Opens, Closes): a claim at
// Opens is taken, one at Closes is refused. A window built with a zero
// closes never closes. Build one with [NewClaimWindow].
//
// The zero ClaimWindow is never open: every claim in it is refused with
// [ErrNotOpen], so an item whose window was left out cannot be claimed.
type ClaimWindow struct {
	Name   string    `json:"name"`
	Rule   string    `json:"rule,omitempty"` // the policy tag it implements
	Opens  time.Time `json:"opens"`
	Closes time.Time `json:"closes,omitzero"`
	// Said is what the texts say of the window in place of its instants,
	// where the sources give less than they do (a day but no hour, two
	// possible days): the instants are then the host's parameters, which
	// a notice must not state as fact. Empty: the texts give the instants.
	Said Text `json:"said,omitzero"`
}

// NewClaimWindow returns a claim window. A zero closes never closes. It
// returns an error wrapping [ErrInvalid] if opens is zero, closes is not
// after opens, or either is outside the instant domain ([CheckInstant]).
func NewClaimWindow(name, rule string, opens, closes time.Time) (ClaimWindow, error) {
	if err := CheckInstant(fmt.Sprintf("window %q opens", name), opens); err != nil {
		return ClaimWindow{}, err
	}
	if !closes.IsZero() {
		if err := CheckInstant(fmt.Sprintf("window %q closes", name), closes); err != nil {
			return ClaimWindow{}, err
		}
		if !closes.After(opens) {
			return ClaimWindow{}, fmt.Errorf("%w: window %s closes %s, not after it opens %s", ErrInvalid, name,
				closes.In(kst).Format(time.RFC3339), opens.In(kst).Format(time.RFC3339))
		}
	}
	w := ClaimWindow{Name: name, Rule: rule, Opens: opens.In(kst)}
	if !closes.IsZero() {
		w.Closes = closes.In(kst)
	}
	return w, nil
}

// Closed reports whether w has closed by the instant at: it has a close,
// and at is not before it. A zero at is never after a close.
func (w ClaimWindow) Closed(at time.Time) bool {
	return !at.IsZero() && !w.Closes.IsZero() && !at.Before(w.Closes)
}

// IsZero reports whether w is the zero ClaimWindow, which is never open.
func (w ClaimWindow) IsZero() bool { return w.Opens.IsZero() && w.Closes.IsZero() }

// Check returns nil if a claim at t falls inside the window, and a
// [*WindowError] wrapping [ErrNotOpen] or [ErrClosed] if not. The zero
// ClaimWindow refuses every claim with ErrNotOpen.
func (w ClaimWindow) Check(t time.Time) error {
	switch {
	case w.Opens.IsZero() || t.Before(w.Opens):
		return &WindowError{Window: w, At: t, Err: ErrNotOpen}
	case !w.Closes.IsZero() && !t.Before(w.Closes):
		return &WindowError{Window: w, At: t, Err: ErrClosed}
	}
	return nil
}

// String describes the window in KST, e.g.
// "heart package [2023-01-05 09:00, 2023-01-21 00:00) KST".
func (w ClaimWindow) String() string {
	if w.Opens.IsZero() {
		return w.Name + " (never open)"
	}
	const f = "2006-01-02 15:04"
	closes := "open-ended"
	if !w.Closes.IsZero() {
		closes = w.Closes.In(kst).Format(f)
	}
	return fmt.Sprintf("%s [%s, %s) KST", w.Name, w.Opens.In(kst).Format(f), closes)
}
