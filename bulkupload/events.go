package bulkupload

import (
	"fmt"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// SentEvent reports a request that the service accepted with 202.
type SentEvent struct {
	// Request is the request's number in the run, from 1, in the order it was built.
	Request int

	// FirstPosition is the input position of the request's first record, from 0.
	FirstPosition int

	BulkIDs     []string
	ExternalIDs []string

	// Attempts is how many calls the request took, 1 when it was not retried.
	Attempts int

	Response UploadResponse
}

// RetryEvent reports a failed call that the Uploader will make again after Wait.
type RetryEvent struct {
	Request int

	// Attempt is the number of the call that failed, from 1.
	Attempt int

	// Reason is one of the Reason constants.
	Reason string

	// StatusCode is the HTTP status of the failed call, or 0 for a transport error.
	StatusCode int

	// Wait is how long the request waits before the next call. For throttling and a full
	// ingestion bucket every worker waits as long.
	Wait time.Duration

	Err error
}

// Reasons for a retry.
const (
	ReasonThrottled    = "throttled"
	ReasonBucketFull   = "bucket full"
	ReasonTransient    = "transient failure"
	ReasonUnauthorized = "token rejected"

	// ReasonPacing is the reason that Progress gives while the pacing window is full.
	// It is never a retry's reason.
	ReasonPacing = "pacing"
)

// FailedEvent reports a request that will not be sent again. Its records end as failed.
// When the run stops between reading records and building their request, each such
// record is reported alone, with Request 0, no BulkIDs and FirstPosition its position.
type FailedEvent struct {
	Request       int
	FirstPosition int
	BulkIDs       []string
	ExternalIDs   []string
	Attempts      int

	// Err is the cause: an *azcore.ResponseError, a transport error, a *StopError, a
	// *QuotaError or the context's error.
	Err error
}

// RejectedEvent reports a record that was not sent because it is invalid or could not be
// read. Err is a *RecordError, which wraps a *scim.ValidationError for an invalid record
// and the input's error for one that could not be read.
type RejectedEvent struct {
	Position   int
	ExternalID string

	// Problems holds the validation problems, warnings included, or nil when the record
	// could not be read.
	Problems scim.Problems

	Err error
}

// WarningEvent reports a record that is sent despite validation warnings.
type WarningEvent struct {
	Position   int
	ExternalID string
	Problems   scim.Problems
}

// RecordError is the cause of one record's rejection before sending.
type RecordError struct {
	// Position is the record's position in the input, from 0.
	Position int

	// ExternalID is the record's externalId, or "" when it has none or could not be read.
	ExternalID string

	Err error
}

func (e *RecordError) Error() string {
	if e.ExternalID == "" {
		return fmt.Sprintf("record %d: %v", e.Position, e.Err)
	}
	return fmt.Sprintf("record %d (externalId %s): %v", e.Position, e.ExternalID, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Summary is what became of a run. Read equals Sent + Rejected + Failed + Skipped.
type Summary struct {
	// Read counts the records taken from the input, including those that failed to read.
	Read int

	// Sent counts records in requests the service accepted during this run.
	Sent int

	Rejected int
	Failed   int

	// Warned counts records sent despite validation warnings; they are also in Sent,
	// Failed or Skipped.
	Warned int

	// Skipped counts records that a journal showed were accepted by an earlier run.
	Skipped int

	// Requests counts accepted requests, FailedRequests those reported failed, and
	// SkippedRequests those skipped by the journal.
	Requests        int
	FailedRequests  int
	SkippedRequests int

	// Calls counts HTTP calls, retries included. Retries counts the calls that repeated
	// an earlier one, and Throttled the 429 responses.
	Calls     int
	Retries   int
	Throttled int

	// Waited is the total time workers spent waiting for pacing, pauses and backoff,
	// added over all workers.
	Waited time.Duration

	Elapsed time.Duration
}

// CallsPerSecond returns the achieved call rate over the run.
func (s Summary) CallsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Calls) / s.Elapsed.Seconds()
}
