package bulkupload

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// Uploader streams records to the service: it validates them, packs them into requests,
// and sends those with a few in flight, paced to the service's rate limit, retrying what
// is transient, and, with a journal, checkpointing what was accepted. It reports what
// became of every record: sent, rejected before sending, or failed, each with a reason.
//
// An Uploader holds a bounded window of records in memory, about (2 × Concurrency + 1)
// × BatchSize, whatever the size of the input. One Uploader runs one Run at a time;
// Progress is safe to call from other goroutines during a Run.
type Uploader struct {
	client  *Client
	options UploaderOptions

	// running holds a token while a Run is in progress, so that a second Run waits for
	// it or for its own context.
	running chan struct{}
	current atomic.Pointer[run]
}

// NewUploader returns an Uploader that sends through client. The client's own retry
// policy is bypassed: the Uploader retries itself, so that one 429 pauses every worker.
func NewUploader(client *Client, options *UploaderOptions) (*Uploader, error) {
	if client == nil {
		return nil, errors.New("bulkupload: client is nil")
	}

	var opts UploaderOptions
	if options != nil {
		opts = *options
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = MaxOperations
	}
	if opts.BatchSize < 1 || opts.BatchSize > MaxOperations {
		return nil, fmt.Errorf("bulkupload: batch size %d is out of range: want 1 to %d", opts.BatchSize, MaxOperations)
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.Concurrency < 0 || opts.Concurrency > MaxConcurrency {
		return nil, fmt.Errorf("bulkupload: concurrency %d is out of range: want 1 to %d", opts.Concurrency, MaxConcurrency)
	}
	if err := checkNotNegative(opts); err != nil {
		return nil, err
	}
	opts = withUploaderDefaults(opts)
	if opts.Journal != "" && filepath.Clean(opts.Journal) == filepath.Clean(opts.CallLog) {
		return nil, fmt.Errorf("bulkupload: the journal and the call log are both %s; give them different files", opts.Journal)
	}
	return &Uploader{client: client, options: opts, running: make(chan struct{}, 1)}, nil
}

// checkNotNegative rejects negative counts and durations, whose meaning the options do
// not define. Pacing.Margin and MaxRetries are exceptions: negative values there mean
// none.
func checkNotNegative(opts UploaderOptions) error {
	counts := []struct {
		name  string
		value int
	}{{"daily call budget", opts.DailyCallBudget}, {"pacing calls", opts.Pacing.Calls}}
	for _, c := range counts {
		if c.value < 0 {
			return fmt.Errorf("bulkupload: %s %d is negative", c.name, c.value)
		}
	}

	durations := []struct {
		name  string
		value time.Duration
	}{
		{"pacing window", opts.Pacing.Window}, {"backoff base", opts.BackoffBase},
		{"backoff max", opts.BackoffMax}, {"bucket-full pause", opts.BucketFullPause},
		{"call timeout", opts.CallTimeout},
	}
	for _, d := range durations {
		if d.value < 0 {
			return fmt.Errorf("bulkupload: %s %s is negative", d.name, d.value)
		}
	}
	return nil
}

func withUploaderDefaults(opts UploaderOptions) UploaderOptions {
	switch {
	case opts.MaxRetries == 0:
		opts.MaxRetries = DefaultUploaderMaxRetries
	case opts.MaxRetries < 0:
		opts.MaxRetries = 0
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = DefaultBackoffBase
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = DefaultBackoffMax
	}
	if opts.BucketFullPause <= 0 {
		opts.BucketFullPause = DefaultBucketFullPause
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 2 * time.Minute
	}
	if opts.CallLog == "" && opts.Journal != "" {
		opts.CallLog = opts.Journal + ".calls"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return opts
}

// Run uploads records until the sequence ends, then waits for the last responses and
// returns the summary. A record yielded with a non-nil error, or a nil record, is
// rejected; the sequence is read to its end either way.
//
// Run returns a non-nil error only when the run ended early: a *StopError (403, 404, a
// token rejected twice), a *QuotaError, an error wrapping ErrInputChanged, a journal
// error, or the context's error after cancellation. Requests that failed while the run
// went on are counted in Summary.Failed and reported through OnFailed, not returned.
// After cancellation Run stops reading input and starting calls, waits for calls in
// flight so that the journal records their outcome, and reports the records it read but
// did not send as failed.
func (up *Uploader) Run(ctx context.Context, records iter.Seq2[*scim.User, error]) (Summary, error) {
	select {
	case up.running <- struct{}{}:
		defer func() { <-up.running }()
	case <-ctx.Done():
		return Summary{}, ctx.Err()
	}

	r, err := newRun(ctx, up)
	if err != nil {
		return Summary{}, err
	}
	defer r.close()
	up.current.Store(r)

	r.pump(records)
	return r.finish()
}

// pump runs the producer and the workers until the input ends or the run stops. If the
// input panics, the run stops, pump waits for the workers, and the panic goes on.
func (r *run) pump(records iter.Seq2[*scim.User, error]) {
	jobs := make(chan *job, r.opts.Concurrency)
	var workers sync.WaitGroup
	for range r.opts.Concurrency {
		workers.Go(func() {
			for j := range jobs {
				r.send(j)
			}
		})
	}

	completed := false
	defer func() {
		if !completed {
			r.stopWith(errInputPanicked)
		}
		close(jobs)
		workers.Wait()
	}()
	r.produce(records, jobs)
	completed = true
}

var errInputPanicked = errors.New("bulkupload: the input panicked")

// Progress returns the counts of the current or last run so far and the pause in force,
// if any. It is safe for concurrent use.
func (up *Uploader) Progress() Progress {
	r := up.current.Load()
	if r == nil {
		return Progress{}
	}
	return r.progress()
}

// Progress is a snapshot of a run.
type Progress struct {
	Summary

	// PausedUntil is when the next call may start, or zero when one may start now.
	// PauseReason gives the cause: ReasonThrottled or ReasonBucketFull for a pause that every
	// worker observes, or ReasonPacing while the pacing window is full.
	PausedUntil time.Time
	PauseReason string
}
