package eligibility

import (
	"fmt"
	"time"
)

// kst is Korea Standard Time, UTC+9 with no daylight saving since 1988.
var kst = time.FixedZone("KST", 9*60*60)

// Window is a half-open intake window [Opens, Closes): a report filed at
// Opens counts, one filed at Closes does not. Kinds lists the claimant
// kinds it admits; an empty Kinds admits every kind.
//
// The zero Window contains no instant.
type Window struct {
	Name   string    `json:"name"`
	Rule   string    `json:"rule"` // the POLICY.md tag it implements
	Opens  time.Time `json:"opens"`
	Closes time.Time `json:"closes"`
	Kinds  []Kind    `json:"kinds,omitempty"`
}

// NewWindow returns a window that admits the given kinds (all kinds when
// none are given). It returns an error wrapping [ErrWindow] unless closes
// is after opens.
func NewWindow(name, rule string, opens, closes time.Time, kinds ...Kind) (Window, error) {
	if !closes.After(opens) {
		return Window{}, fmt.Errorf("%w: %s closes %s, opens %s", ErrWindow, name,
			closes.In(kst).Format(time.RFC3339), opens.In(kst).Format(time.RFC3339))
	}
	for _, k := range kinds {
		if !k.IsValid() {
			return Window{}, fmt.Errorf("window %s: %w: %d", name, ErrUnknownKind, uint8(k))
		}
	}
	return Window{Name: name, Rule: rule, Opens: opens.In(kst), Closes: closes.In(kst), Kinds: append([]Kind(nil), kinds...)}, nil
}

// kstDays returns the window from 00:00 KST on the first day to the end of
// the last day (00:00 KST of the day after), as a policy states it.
func kstDays(name, rule string, first, last time.Time, kinds ...Kind) Window {
	w, err := NewWindow(name, rule, first, last.AddDate(0, 0, 1), kinds...)
	if err != nil {
		panic(err) // only called with literals
	}
	return w
}

// Contains reports whether t falls in [Opens, Closes), in any zone.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.Opens) && t.Before(w.Closes)
}

// Admits reports whether the window takes reports from claimants of kind k.
func (w Window) Admits(k Kind) bool {
	if len(w.Kinds) == 0 {
		return true
	}
	for _, x := range w.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// String describes the window in KST, e.g.
// "reporting [2022-10-19 00:00, 2022-11-07 00:00) KST".
func (w Window) String() string {
	const f = "2006-01-02 15:04"
	return fmt.Sprintf("%s [%s, %s) KST", w.Name, w.Opens.In(kst).Format(f), w.Closes.In(kst).Format(f))
}
