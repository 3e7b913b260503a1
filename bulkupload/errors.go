package bulkupload

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// ThrottledError is returned when the service responds with 429 and the client did not retry,
// either because the Retry-After is longer than the retry policy's MaxRetryDelay or
// because the retries ran out. It wraps the *azcore.ResponseError of the 429.
type ThrottledError struct {
	// RetryAfter is how long the service asked the caller to wait, read from the
	// retry-after-ms, x-ms-retry-after-ms or Retry-After header. Zero means the response
	// gave no wait.
	RetryAfter time.Duration

	// Err is the *azcore.ResponseError of the 429 response.
	Err error
}

func (e *ThrottledError) Error() string {
	if e.RetryAfter <= 0 {
		return "bulkupload: throttled (429) with no Retry-After"
	}
	return fmt.Sprintf("bulkupload: throttled (429), retry after %s", e.RetryAfter)
}

func (e *ThrottledError) Unwrap() error { return e.Err }

func newThrottledError(resp *http.Response, err error) *ThrottledError {
	return &ThrottledError{RetryAfter: RetryAfter(resp.Header, time.Now()), Err: err}
}

// RetryAfter returns the wait that a response's headers ask for, in the order azcore reads
// them: retry-after-ms, x-ms-retry-after-ms, then Retry-After in seconds or as an HTTP
// date relative to now. It returns 0 when no header gives a positive wait, and caps a
// wait too long for time.Duration at its maximum, about 292 years.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	for _, name := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
		if v := h.Get(name); v != "" {
			if ms, ok := parseCount(v); ok && ms > 0 {
				return durationOf(ms, time.Millisecond)
			}
		}
	}

	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, ok := parseCount(v); ok {
		return durationOf(s, time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// parseCount parses a decimal integer, taking one too large for int64 as the largest.
func parseCount(v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		if n > 0 {
			return math.MaxInt64, true
		}
		return 0, true
	}
	return n, err == nil
}

// durationOf returns n units, capped at the largest time.Duration, or 0 for n <= 0.
func durationOf(n int64, unit time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	if n > math.MaxInt64/int64(unit) {
		return math.MaxInt64
	}
	return time.Duration(n) * unit
}

// GraphError is the error object of a Microsoft Graph error response:
// {"error": {"code", "message", "innerError": {...}}}.
type GraphError struct {
	Code            string
	Message         string
	RequestID       string
	ClientRequestID string
	Date            string
}

// GraphErrorOf returns the Graph error object of the response behind err, which must be or
// wrap an *azcore.ResponseError. ok is false when err has no response or its body is not
// a Graph error.
func GraphErrorOf(err error) (ge GraphError, ok bool) {
	var respErr *azcore.ResponseError
	if !errors.As(err, &respErr) || respErr.RawResponse == nil {
		return GraphError{}, false
	}

	body, readErr := runtime.Payload(respErr.RawResponse)
	if readErr != nil {
		return GraphError{}, false
	}

	var wire struct {
		Error *struct {
			Code       string `json:"code"`
			Message    string `json:"message"`
			InnerError struct {
				RequestID       string `json:"request-id"`
				ClientRequestID string `json:"client-request-id"`
				Date            string `json:"date"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &wire) != nil || wire.Error == nil {
		return GraphError{}, false
	}

	e := wire.Error
	return GraphError{
		Code:            e.Code,
		Message:         e.Message,
		RequestID:       e.InnerError.RequestID,
		ClientRequestID: e.InnerError.ClientRequestID,
		Date:            e.InnerError.Date,
	}, true
}

// DescribeError returns a one-line description of an upload error for logs and people:
// for an HTTP failure the status, Graph's code and message, any Retry-After and the
// request-id, and err.Error() for anything else. azcore's own message for an HTTP
// failure spans many lines and repeats the URL and the whole response body.
//
// NOTE: Graph's message is included as the service sent it. Nothing documents that it
// never quotes an attribute value.
func DescribeError(err error) string {
	if err == nil {
		return ""
	}

	var respErr *azcore.ResponseError
	if !errors.As(err, &respErr) {
		return err.Error()
	}

	message := fmt.Sprintf("HTTP %d %s", respErr.StatusCode, http.StatusText(respErr.StatusCode))
	requestID := ""
	if respErr.RawResponse != nil {
		requestID = respErr.RawResponse.Header.Get("request-id")
	}
	if ge, ok := GraphErrorOf(err); ok {
		message += fmt.Sprintf(", code %s: %s", ge.Code, ge.Message)
		if ge.RequestID != "" {
			requestID = ge.RequestID
		}
	}

	var throttled *ThrottledError
	if errors.As(err, &throttled) && throttled.RetryAfter > 0 {
		message += fmt.Sprintf(", Retry-After %s", throttled.RetryAfter)
	}
	if requestID != "" {
		message += fmt.Sprintf(" (request-id %s)", requestID)
	}
	return message
}
