package eligibility

import (
	"fmt"
	"time"
)

// kst is Korea Standard Time, UTC+9 with no daylight saving since 1988.
var kst = time.FixedZone("KST", 9*60*60)

// KST returns Korea Standard Time, UTC+9 with no daylight saving since
// 1988: the zone of every date of the Kakao 1015 programme. It is a fixed
// zone, so neither this package nor its host needs a time-zone database.
func KST() *time.Location { return kst }

// kstDate returns 00:00 KST on the given day.
func kstDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, kst) }

// Window is a half-open intake window [Opens, Closes): a report filed at
// Opens counts, one filed at Closes does not. Kinds lists the claimant
// kinds it admits; an empty Kinds admits every kind. A window with
// ExistingOnly set admits only a claimant who already has a counted
// report, filed earlier in a window without it: an extension for
// applicants rather than a new intake.
//
// The zero Window contains no instant.
type Window struct {
	Name         string    `json:"name"`
	Rule         string    `json:"rule"` // the policy tag it implements
	Opens        time.Time `json:"opens"`
	Closes       time.Time `json:"closes"`
	Kinds        []Kind    `json:"kinds,omitempty"`
	ExistingOnly bool      `json:"existingOnly,omitempty"`
}

// NewWindow returns a window that admits the given kinds (all kinds when
// none are given). It returns an error wrapping [ErrWindow] unless closes
// is after opens, [ErrRange] or [ErrNoTime] for a bound outside
// [1970-01-01, 2200-01-01) KST, and [ErrUnknownKind] for an invalid kind.
func NewWindow(name, rule string, opens, closes time.Time, kinds ...Kind) (Window, error) {
	if err := checkInstant("window "+name+" opens", opens); err != nil {
		return Window{}, err
	}
	if err := checkInstant("window "+name+" closes", closes); err != nil {
		return Window{}, err
	}
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

// extension returns w for existing applicants only.
func extension(w Window) Window {
	w.ExistingOnly = true
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
	s := fmt.Sprintf("%s [%s, %s) KST", w.Name, w.Opens.In(kst).Format(f), w.Closes.In(kst).Format(f))
	if w.ExistingOnly {
		s += ", existing applicants only"
	}
	return s
}
