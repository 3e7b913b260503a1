package bulkupload

import (
	"log/slog"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// DefaultConcurrency is the number of requests an Uploader keeps in flight by default.
// At the default pacing of 8 calls per second, 4 hide response times of up to half a
// second.
const DefaultConcurrency = 4

// MaxConcurrency is the most requests an Uploader may keep in flight. Memory grows with
// it, and at the default pacing more than 40 in flight cannot send faster.
const MaxConcurrency = 64

// UploaderOptions configures an [Uploader]. A nil *UploaderOptions means default values,
// and so does the zero value of each field unless its comment states otherwise.
type UploaderOptions struct {
	// BatchSize is the number of operations per request, from 1 to MaxOperations. Zero
	// means MaxOperations.
	BatchSize int

	// Concurrency is the most requests in flight at once, up to MaxConcurrency. Zero
	// means DefaultConcurrency.
	Concurrency int

	// Pacing limits the call rate to what the service allows.
	Pacing Pacing

	// Validator checks each record before it is packed. A record with an error-severity
	// problem is rejected: reported through OnRejected and counted in Summary.Rejected.
	// Warnings go to OnWarnings and the record is sent. Nil means a new validator with
	// default options for each run. A Validator remembers the externalIds it has seen,
	// so one passed here should serve a single Run: a second Run would warn that every
	// record repeats.
	Validator *scim.Validator

	// MaxRetries is how many times one request is sent again after transient failures.
	// Zero means DefaultUploaderMaxRetries; a negative value means no retries.
	MaxRetries int

	// BackoffBase and BackoffMax bound the exponential backoff used when the service
	// gives no Retry-After. Zero means DefaultBackoffBase and DefaultBackoffMax.
	BackoffBase time.Duration
	BackoffMax  time.Duration

	// BucketFullPause is how long every worker waits after a 500 that reports the
	// job's ingestion bucket as full. Zero means DefaultBucketFullPause.
	BucketFullPause time.Duration

	// DailyCallBudget is the most calls the run may make in any 24 hours, counting calls
	// recorded in CallLog by earlier runs. The service allows 2,000 calls a day per tenant
	// with Entra ID P1 or P2 and 6,000 with Entra ID Governance. Zero means no budget.
	DailyCallBudget int

	// CallLog is the file that records call times for DailyCallBudget, so that the count
	// survives a restart. Empty means Journal + ".calls" when Journal is set, and memory
	// only otherwise. Runs against the same tenant should share one call log.
	CallLog string

	// Journal is the checkpoint file. When set, the Uploader records every accepted
	// request there and, when the file already exists, skips the requests it records.
	// Empty means no checkpoint.
	Journal string

	// ForceResume makes a run with a journal send again the requests whose contents
	// changed since the journal was written, instead of failing with ErrInputChanged.
	ForceResume bool

	// CallTimeout bounds one HTTP call. Zero means 2 minutes. After the run's context is
	// canceled, calls in flight may go on for up to this long so that their outcome is
	// journaled.
	CallTimeout time.Duration

	// The event callbacks, each optional. The Uploader calls them one at a time, never
	// concurrently, from its own goroutines; a slow callback slows the run.
	OnSent     func(SentEvent)
	OnRetry    func(RetryEvent)
	OnFailed   func(FailedEvent)
	OnRejected func(RejectedEvent)
	OnWarnings func(WarningEvent)

	// Logger receives the run's events: requests, retries, waits, failures and the
	// summary, with counts, positions, bulkIds and request IDs only. Nil means no logging.
	Logger *slog.Logger
}
