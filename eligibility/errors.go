package eligibility

import (
	"errors"
	"time"

	"github.com/outagerelief/relief/internal/domain"
	"github.com/shopspring/decimal"
)

// The domains of this package's inputs. A value outside one is an error
// wrapping [ErrRange] that names the field and the value.
const (
	// MaxExponent bounds the decimal exponent of every amount: 1e-64 and
	// 1e64 won are in the domain, 1e-65 is not.
	MaxExponent = domain.MaxExponent
	// MaxDigits bounds the significant digits of every amount: no amount
	// of won needs more, and comparing one costs at most a rescale of
	// MaxDigits+MaxExponent digits.
	MaxDigits = domain.MaxDigits
	// MaxCount bounds every head count of a [Business] (regular workers,
	// executives, day workers) and its number of part-timers.
	MaxCount = 1_000_000
	// MaxMonthlyHours bounds a part-timer's hours a month: 24 hours a day
	// over 31 days.
	MaxMonthlyHours = 744
	// MaxKeyBytes bounds a declared key (a kind, an attribute, a benefit,
	// a window's name, an operator): 1 to 64 bytes.
	MaxKeyBytes = 64
)

func checkAmount(what string, d decimal.Decimal) error { return domain.CheckAmount(what, d) }

func checkCount(what string, n, limit int) error { return domain.CheckCount(what, n, limit) }

func checkInstant(what string, t time.Time) error { return domain.CheckInstant(what, t) }

// clip shortens a quoted input in an error message to 64 bytes.
func clip(s string) string { return domain.Clip(s) }

// Errors returned for bad input. They are wrapped with the offending value,
// so match them with [errors.Is].
var (
	// ErrUnknownKind: a claimant kind the policy does not declare.
	ErrUnknownKind = errors.New("unknown claimant kind")
	// ErrUnknownAttribute: a claimant attribute the policy does not
	// declare.
	ErrUnknownAttribute = errors.New("unknown claimant attribute")
	// ErrUnknownBase: a claimant's base the policy does not declare.
	ErrUnknownBase = errors.New("unknown base")
	// ErrUnknownBenefit: a benefit key the policy does not declare.
	ErrUnknownBenefit = errors.New("unknown benefit")
	// ErrDuplicateReport: two reports of one claim with the same ID.
	ErrDuplicateReport = errors.New("report ID repeated in one claim")
	// ErrSector: a sector that is not a KSIC code ([ParseSector]), or a
	// seat maker outside the codes of note 2 of table 3.
	ErrSector = errors.New("not a KSIC code")
	// ErrAmbiguousSector: a KSIC code too broad to name one line of the
	// revenue table (a section the table splits, such as C, E or S).
	ErrAmbiguousSector = errors.New("KSIC code spans several lines of the revenue table")
	// ErrUnknownOperator: a report about an operator that is neither the
	// programme's operator nor a listed affiliate [P-AFF-1].
	ErrUnknownOperator = errors.New("unknown operator")
	// ErrMainSector: two sectors of a business's sales by sector tie for
	// the largest, so neither is its main line of business [P-SB-5].
	ErrMainSector = errors.New("no single main line of business")
	// ErrGrace: a grace of a small business that grew names a reason for
	// its end that is not one of the law's ([GraceEnd]).
	ErrGrace = errors.New("unknown reason for the end of a grace")
	// ErrBeforeTables: a date before the first revenue table takes effect.
	ErrBeforeTables = errors.New("date before the first revenue table")
	// ErrNegative: a negative amount.
	ErrNegative = errors.New("negative value")
	// ErrWindow: a window that does not close after it opens.
	ErrWindow = errors.New("window closes before it opens")
	// ErrConfig: a policy configuration that is out of shape.
	ErrConfig = errors.New("bad eligibility policy")
	// ErrRange: a count, an hour figure, an amount or an instant outside
	// its domain (see the constants above). It is the same error value as
	// compensation.ErrRange and grants.ErrRange.
	ErrRange = domain.ErrRange
	// ErrNoTime: a report or a decision without a time; the same error
	// value as grants.ErrNoTime.
	ErrNoTime = domain.ErrNoTime
)
