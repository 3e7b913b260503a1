package bulkupload

import (
	"fmt"
	"time"
)

// StopError ends a run early because every further request would fail the same way,
// such as after a 403 or 404, or when the credential cannot get a token. It wraps the
// error of the call that showed it.
type StopError struct {
	// StatusCode is the HTTP status that stopped the run, or 0 when the call got no
	// response.
	StatusCode int

	// Hint names what to check.
	Hint string

	Err error
}

// Error describes the failure on one line, with the hint; errors.As reaches the full
// *azcore.ResponseError through Unwrap.
func (e *StopError) Error() string {
	return fmt.Sprintf("bulkupload: run stopped: %s: %s", DescribeError(e.Err), e.Hint)
}

func (e *StopError) Unwrap() error { return e.Err }

// QuotaError ends a run that would exceed its daily call budget, or that the service
// reported over its daily quota.
type QuotaError struct {
	// Budget is UploaderOptions.DailyCallBudget, or 0 when the service reported the
	// quota.
	Budget int

	// Used is the number of calls within the last 24 hours that the call log holds.
	Used int

	// ResumeAt is when the oldest call leaves the 24-hour window, so that one more call
	// fits the budget. It is zero when unknown.
	ResumeAt time.Time

	// Err is the service's response when the service reported the quota.
	Err error
}

func (e *QuotaError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("bulkupload: daily call quota of the tenant exhausted: %s", DescribeError(e.Err))
	}
	return fmt.Sprintf("bulkupload: daily call budget of %d calls reached (%d used in the last 24 hours); the next call fits at %s",
		e.Budget, e.Used, e.ResumeAt.UTC().Format(time.RFC3339))
}

func (e *QuotaError) Unwrap() error { return e.Err }
