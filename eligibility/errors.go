package eligibility

import "errors"

// Errors returned for bad input. They are wrapped with the offending value,
// so match them with [errors.Is].
var (
	// ErrUnknownKind: a claimant kind that is not one of the Kind constants.
	ErrUnknownKind = errors.New("unknown claimant kind")
	// ErrUnknownSector: a sector the revenue table in force has no ceiling for.
	ErrUnknownSector = errors.New("unknown sector")
	// ErrBeforeTables: a date before the first revenue table takes effect.
	ErrBeforeTables = errors.New("date before the first revenue table")
	// ErrNegative: a negative count, number of hours or amount.
	ErrNegative = errors.New("negative value")
	// ErrWindow: a window that does not close after it opens.
	ErrWindow = errors.New("window closes before it opens")
	// ErrConfig: a policy configuration that is out of shape.
	ErrConfig = errors.New("bad eligibility policy")
	// ErrNoTime: a report or a decision without a time.
	ErrNoTime = errors.New("missing time")
)
