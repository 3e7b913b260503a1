package bulkuploadtest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// FaultKind is a failure that the server can inject in place of its normal response.
type FaultKind int

// Fault kinds. Each responds with a Graph error body, except FaultConnectionReset.
const (
	// FaultNone injects nothing. It is the zero value.
	FaultNone FaultKind = iota

	// FaultThrottled responds with 429 TooManyRequests with Retry-After in whole seconds.
	FaultThrottled

	// FaultThrottledMillis responds with 429 with retry-after-ms instead of Retry-After, as
	// some Azure services do.
	FaultThrottledMillis

	// FaultThrottledNoRetryAfter responds with 429 with no header that gives a wait.
	FaultThrottledNoRetryAfter

	// FaultBucketFull responds with 500 and [BucketFullMessage], which means that the
	// job's ingestion queue is full. The service expects a wait of 5 to 10 minutes.
	FaultBucketFull

	// FaultInternalServerError responds with 500 with a generic message.
	FaultInternalServerError

	// FaultBadGateway responds with 502.
	FaultBadGateway

	// FaultServiceUnavailable responds with 503.
	FaultServiceUnavailable

	// FaultGatewayTimeout responds with 504.
	FaultGatewayTimeout

	// FaultRequestTimeout responds with 408.
	FaultRequestTimeout

	// FaultUnauthorized responds with 401 InvalidAuthenticationToken as if the token had
	// expired.
	FaultUnauthorized

	// FaultForbidden responds with 403 Authorization_RequestDenied, as Graph does when the
	// token lacks the upload permission.
	FaultForbidden

	// FaultNotFound responds with 404 ResourceNotFound.
	FaultNotFound

	// FaultConnectionReset closes the TCP connection with a reset and sends no
	// response. The client sees a transport error, and cannot know whether the service
	// staged the request.
	FaultConnectionReset

	faultKindCount
)

var faultKindNames = [...]string{
	FaultNone:                  "FaultNone",
	FaultThrottled:             "FaultThrottled",
	FaultThrottledMillis:       "FaultThrottledMillis",
	FaultThrottledNoRetryAfter: "FaultThrottledNoRetryAfter",
	FaultBucketFull:            "FaultBucketFull",
	FaultInternalServerError:   "FaultInternalServerError",
	FaultBadGateway:            "FaultBadGateway",
	FaultServiceUnavailable:    "FaultServiceUnavailable",
	FaultGatewayTimeout:        "FaultGatewayTimeout",
	FaultRequestTimeout:        "FaultRequestTimeout",
	FaultUnauthorized:          "FaultUnauthorized",
	FaultForbidden:             "FaultForbidden",
	FaultNotFound:              "FaultNotFound",
	FaultConnectionReset:       "FaultConnectionReset",
}

// String returns the name of the constant, such as "FaultBucketFull".
func (k FaultKind) String() string {
	if !k.valid() {
		return "FaultKind(" + strconv.Itoa(int(k)) + ")"
	}
	return faultKindNames[k]
}

func (k FaultKind) valid() bool { return k >= FaultNone && k < faultKindCount }

// StatusCode returns the HTTP status code of the fault's response, and 0 for
// FaultNone, FaultConnectionReset and unknown kinds.
func (k FaultKind) StatusCode() int {
	if r, ok := faultResponses[k]; ok {
		return r.status
	}
	return 0
}

// faultResponses contains the status, Graph error code and message of each kind that
// sends a response.
var faultResponses = map[FaultKind]struct {
	status        int
	code, message string
}{
	FaultThrottled:             {http.StatusTooManyRequests, CodeTooManyRequests, throttledMessage},
	FaultThrottledMillis:       {http.StatusTooManyRequests, CodeTooManyRequests, throttledMessage},
	FaultThrottledNoRetryAfter: {http.StatusTooManyRequests, CodeTooManyRequests, throttledMessage},
	FaultBucketFull:            {http.StatusInternalServerError, CodeInternalServerError, BucketFullMessage},
	FaultInternalServerError:   {http.StatusInternalServerError, CodeInternalServerError, "An internal server error occurred."},
	FaultBadGateway:            {http.StatusBadGateway, CodeBadGateway, "The gateway received an invalid response from the upstream service."},
	FaultServiceUnavailable:    {http.StatusServiceUnavailable, CodeServiceUnavailable, "The service is temporarily unavailable."},
	FaultGatewayTimeout:        {http.StatusGatewayTimeout, CodeGatewayTimeout, "The gateway timed out waiting for the upstream service."},
	FaultRequestTimeout:        {http.StatusRequestTimeout, CodeRequestTimeout, "The request timed out."},
	FaultUnauthorized:          {http.StatusUnauthorized, CodeInvalidAuthenticationToken, tokenExpiredMessage},
	FaultForbidden:             {http.StatusForbidden, CodeAuthorizationRequestDenied, "Insufficient privileges to complete the operation."},
	FaultNotFound:              {http.StatusNotFound, CodeResourceNotFound, "The synchronization job was not found."},
}

// DefaultRandomFaultKinds returns the kinds that RandomFaults injects when its Kinds is
// empty: the transient failures that a client should retry (408, 429 with Retry-After,
// 502, 503, 504 and a connection reset). The caller may modify the returned slice.
func DefaultRandomFaultKinds() []FaultKind {
	return []FaultKind{
		FaultRequestTimeout,
		FaultThrottled,
		FaultBadGateway,
		FaultServiceUnavailable,
		FaultGatewayTimeout,
		FaultConnectionReset,
	}
}

// Fault is one injected failure. A faulted call neither records its users nor counts
// toward throttling or the daily quota, because the request never reached the job.
type Fault struct {
	Kind FaultKind

	// RetryAfter is the wait to send. FaultThrottled sends it as Retry-After in whole
	// seconds, rounded up, and FaultThrottledMillis as retry-after-ms; for both, zero
	// means DefaultFaultRetryAfter. Other kinds send Retry-After only when RetryAfter
	// is positive, and FaultThrottledNoRetryAfter and FaultConnectionReset never do.
	RetryAfter time.Duration
}

func (f Fault) check() error {
	if !f.Kind.valid() {
		return fmt.Errorf("unknown fault kind %d", int(f.Kind))
	}
	if f.RetryAfter < 0 {
		return fmt.Errorf("RetryAfter %s is negative", f.RetryAfter)
	}
	return nil
}

// RandomFaults injects a fault into a share of calls. Whether call n is faulted, and
// with which kind, depends only on Seed and n, so a seed gives the same faults in every
// run, however the calls interleave.
type RandomFaults struct {
	Seed int64

	// Rate is the probability, from 0 to 1, that a call is faulted.
	Rate float64

	// Kinds lists the kinds to choose from, each with equal probability. Empty means
	// DefaultRandomFaultKinds.
	Kinds []FaultKind

	// RetryAfter is Fault.RetryAfter for the injected faults.
	RetryAfter time.Duration
}

// faultFor returns the fault for call number n: the scripted one if any, else a random
// one, else FaultNone.
func (c *config) faultFor(n int) Fault {
	if f, ok := c.faults[n]; ok {
		return f
	}

	rf := c.RandomFaults
	if rf == nil || rf.Rate == 0 {
		return Fault{}
	}
	r := rand.New(rand.NewPCG(uint64(rf.Seed), uint64(n)))
	if r.Float64() >= rf.Rate {
		return Fault{}
	}
	return Fault{Kind: c.randomKinds[r.IntN(len(c.randomKinds))], RetryAfter: rf.RetryAfter}
}

// writeFault prepares x's response to be fault f.
func (x *exchange) writeFault(f Fault) {
	x.call.Fault = f.Kind
	if f.Kind == FaultConnectionReset {
		x.reset = true
		return
	}

	wait := f.RetryAfter
	switch f.Kind {
	case FaultThrottled:
		if wait == 0 {
			wait = DefaultFaultRetryAfter
		}
		x.setRetryAfter(wait)
	case FaultThrottledMillis:
		if wait == 0 {
			wait = DefaultFaultRetryAfter
		}
		x.w.Header().Set("retry-after-ms", strconv.FormatInt(wait.Milliseconds(), 10))
	case FaultThrottledNoRetryAfter:
	default:
		if wait > 0 {
			x.setRetryAfter(wait)
		}
	}

	r := faultResponses[f.Kind]
	x.writeError(r.status, r.code, r.message)
}
