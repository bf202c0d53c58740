package eligibility

import (
	"fmt"
	"slices"
	"time"

	"github.com/outagerelief/relief/internal/domain"
)

// kst is Korea Standard Time, UTC+9 with no daylight saving since 1988.
var kst = domain.KST()

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
	// Name is the window's key, which a decision names ("reporting").
	Name string `json:"name"`
	// Title is the window as people read it: {"피해 신고 접수", "damage
	// reports"}.
	Title        Text      `json:"title"`
	Rule         string    `json:"rule"` // the policy tag it implements
	Opens        time.Time `json:"opens"`
	Closes       time.Time `json:"closes"`
	Kinds        []Kind    `json:"kinds,omitempty"`
	ExistingOnly bool      `json:"existingOnly,omitempty"`
	// Provisional marks whom the window admits as resting on an inference
	// or one report (confidence C): the texts say so.
	Provisional bool `json:"provisional,omitempty"`
}

// NewWindow returns a window that admits the given kinds (all kinds when
// none are given). It returns an error wrapping [ErrWindow] unless closes
// is after opens, [ErrRange] or [ErrNoTime] for a bound outside
// [1970-01-01, 2200-01-01) KST, and [ErrConfig] for a name that is not a
// key ([CheckKey]) or a kind that is not one.
func NewWindow(name, rule string, opens, closes time.Time, kinds ...Kind) (Window, error) {
	if err := CheckKey(name); err != nil {
		return Window{}, fmt.Errorf("%w: window %q: %v", ErrConfig, clip(name), err)
	}
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
		if err := CheckKey(string(k)); err != nil {
			return Window{}, fmt.Errorf("window %s: %w: %q", name, ErrUnknownKind, clip(string(k)))
		}
	}
	return Window{Name: name, Rule: rule, Opens: opens.In(kst), Closes: closes.In(kst), Kinds: slices.Clone(kinds)}, nil
}

// kstDays returns the window from 00:00 KST on the first day to the end of
// the last day (00:00 KST of the day after), as a policy states it.
func kstDays(name string, title Text, rule string, first, last time.Time, kinds ...Kind) Window {
	w, err := NewWindow(name, rule, first, last.AddDate(0, 0, 1), kinds...)
	if err != nil {
		panic(err) // only called with literals
	}
	w.Title = title
	return w
}

// Contains reports whether t falls in [Opens, Closes), in any zone.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.Opens) && t.Before(w.Closes)
}

// Admits reports whether the window takes reports from claimants of kind k.
func (w Window) Admits(k Kind) bool {
	return len(w.Kinds) == 0 || slices.Contains(w.Kinds, k)
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
