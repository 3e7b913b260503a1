package bulkupload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"sync"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// run is the state of one Uploader.Run.
type run struct {
	up        *Uploader
	opts      *UploaderOptions
	ctx       context.Context
	stopCtx   context.Context // done when ctx is or when the run stops early
	stop      context.CancelCauseFunc
	validator *scim.Validator
	pacer     *pacer
	journal   *journal // nil without a journal
	calls     *callLog
	key       string // makes bulkIds unique to this run and its resumptions
	started   time.Time

	// request numbers the requests in the order they are built, from 1.
	request int

	mu       sync.Mutex
	summary  Summary
	err      error // the first error that stopped the run
	finished bool  // summary.Elapsed is final

	// endedEarly is set when input was left unread or a record failed because the run
	// stopped, so that a cancellation that came after the last request does not make Run
	// fail.
	endedEarly bool

	// eventMu makes callbacks run one at a time.
	eventMu sync.Mutex
}

// job is one request ready to send.
type job struct {
	request       int
	firstPosition int
	body          []byte
	hash          string
	bulkIDs       []string
	externalIDs   []string
}

func newRun(ctx context.Context, up *Uploader) (*run, error) {
	r := &run{up: up, opts: &up.options, ctx: ctx, started: time.Now(), validator: up.options.Validator}
	r.stopCtx, r.stop = context.WithCancelCause(ctx)
	r.pacer = newPacer(up.options.Pacing)

	if r.validator == nil {
		v, err := scim.NewValidator(nil)
		if err != nil {
			return nil, err
		}
		r.validator = v
	}

	r.key = newRunKey()
	if up.options.Journal != "" {
		j, err := openJournal(up.options.Journal, up.options.BatchSize)
		if err != nil {
			return nil, fmt.Errorf("bulkupload: %w", err)
		}
		r.journal = j
		r.key = j.key
		if len(j.acks) > 0 {
			up.options.Logger.Info("resuming from journal", "acceptedRequests", len(j.acks))
		}
	}

	calls, err := openCallLog(up.options.CallLog, 24*time.Hour, time.Now())
	if err != nil {
		r.close()
		return nil, fmt.Errorf("bulkupload: %w", err)
	}
	r.calls = calls

	// Calls of an earlier run still count in the service's window.
	pacing := up.options.Pacing.withDefaults()
	r.pacer.seed(calls.since(time.Now().Add(-pacing.Window - pacing.Margin - earlierCallResponseTime)))
	return r, nil
}

func (r *run) close() {
	r.stop(nil)
	if r.journal != nil {
		r.journal.close()
	}
	if r.calls != nil {
		r.calls.close()
	}
}

// produce reads records, validates and packs them, and hands full requests to the
// workers. It stops reading when the run stops, and reports the records it read but
// could not hand over as failed.
func (r *run) produce(records iter.Seq2[*scim.User, error], jobs chan<- *job) {
	if r.stopCtx.Err() != nil {
		r.markEndedEarly()
		return
	}

	var b batch
	position := -1
	for u, err := range records {
		position++
		r.update(func(s *Summary) { s.Read++ })

		if r.accept(position, u, err) {
			// Two records of one worker never share a request: the service rejects that,
			// so the open request is sent early and the repeat starts the next one.
			if b.has(u.ExternalID) && !r.dispatch(&b, jobs) {
				r.failUnsent(position, u.ExternalID, r.stopCause())
				r.markEndedEarly()
				return
			}
			b.add(position, u)
			if len(b.users) == r.opts.BatchSize && !r.dispatch(&b, jobs) {
				r.markEndedEarly()
				return
			}
		}

		// Checked after each record, because input that is all rejected builds no
		// request that would notice the stop.
		if r.stopCtx.Err() != nil {
			r.failBatch(&b, r.stopCause())
			r.markEndedEarly()
			return
		}
	}
	if !r.dispatch(&b, jobs) {
		r.markEndedEarly()
	}
}

func (r *run) markEndedEarly() {
	r.mu.Lock()
	r.endedEarly = true
	r.mu.Unlock()
}

// failBatch reports the records of an open batch failed without building a request.
func (r *run) failBatch(b *batch, err error) {
	for i, u := range b.users {
		r.failUnsent(b.positions[i], u.ExternalID, err)
	}
	b.reset()
}

// failUnsent reports one record that was read but never packed into a request as failed.
func (r *run) failUnsent(position int, externalID string, err error) {
	r.update(func(s *Summary) { s.Failed++ })
	r.emit(func() {
		if r.opts.OnFailed != nil {
			r.opts.OnFailed(FailedEvent{FirstPosition: position, ExternalIDs: []string{externalID}, Err: err})
		}
	})
}

// accept validates one record and reports it when it is rejected or has warnings.
func (r *run) accept(position int, u *scim.User, readErr error) bool {
	switch {
	case readErr != nil:
		r.reject(position, "", nil, readErr)
		return false
	case u == nil:
		r.reject(position, "", nil, errors.New("record is nil"))
		return false
	}

	problems := r.validator.ValidateUser(position, u)
	if problems.HasErrors() {
		r.reject(position, u.ExternalID, problems, problems.Err())
		return false
	}
	if len(problems) > 0 {
		r.update(func(s *Summary) { s.Warned++ })
		r.emit(func() {
			if r.opts.OnWarnings != nil {
				r.opts.OnWarnings(WarningEvent{Position: position, ExternalID: u.ExternalID, Problems: problems})
			}
		})
	}
	return true
}

func (r *run) reject(position int, externalID string, problems scim.Problems, cause error) {
	err := &RecordError{Position: position, ExternalID: externalID, Err: cause}
	r.update(func(s *Summary) { s.Rejected++ })
	r.opts.Logger.Warn("record rejected", "position", position, "externalId", externalID, "problems", len(problems))
	r.emit(func() {
		if r.opts.OnRejected != nil {
			r.opts.OnRejected(RejectedEvent{Position: position, ExternalID: externalID, Problems: problems, Err: err})
		}
	})
}

// dispatch turns the batch into a job and hands it to a worker, or skips it when the
// journal shows it was accepted before. It resets the batch and returns false when the
// run has stopped.
func (r *run) dispatch(b *batch, jobs chan<- *job) bool {
	if len(b.users) == 0 {
		return true
	}
	defer b.reset()

	r.request++
	j, err := r.buildJob(b)
	if err != nil {
		r.failJob(j, 0, err)
		return true
	}

	if r.journal != nil {
		if ack, ok := r.journal.accepted(j.request); ok {
			skip, err := r.checkResume(j, ack)
			if err != nil {
				r.failJob(j, 0, err)
				r.stopWith(err)
				return false
			}
			if skip {
				r.update(func(s *Summary) { s.Skipped += len(j.bulkIDs); s.SkippedRequests++ })
				return true
			}
		}
	}

	select {
	case jobs <- j:
		return true
	case <-r.stopCtx.Done():
		r.failJob(j, 0, r.stopCause())
		return false
	}
}

// buildJob encodes the batch with bulkIds derived from the run key and each record's
// position, so that a resumed run rebuilds the same bytes.
func (r *run) buildJob(b *batch) (*job, error) {
	j := &job{request: r.request, firstPosition: b.positions[0]}
	req := &scim.BulkRequest{Operations: make([]scim.BulkOperation, len(b.users))}
	for i, u := range b.users {
		bulkID := r.key + "-" + strconv.Itoa(b.positions[i])
		req.Operations[i] = scim.NewOperation(bulkID, u)
		j.bulkIDs = append(j.bulkIDs, bulkID)
		j.externalIDs = append(j.externalIDs, u.ExternalID)
	}

	body, err := req.AppendJSON(make([]byte, 0, 1024*len(b.users)))
	if err != nil {
		return j, fmt.Errorf("bulkupload: encode request %d: %w", j.request, err)
	}
	sum := sha256.Sum256(body)
	j.body = body
	j.hash = hex.EncodeToString(sum[:12])
	return j, nil
}

// checkResume compares a request with the journal's record of it.
func (r *run) checkResume(j *job, ack journalAck) (skip bool, err error) {
	if ack.hash == j.hash && ack.firstPosition == j.firstPosition && ack.records == len(j.bulkIDs) {
		return true, nil
	}
	if r.opts.ForceResume {
		r.opts.Logger.Warn("request changed since the journal was written; sending it again",
			"request", j.request, "firstPosition", j.firstPosition)
		return false, nil
	}
	return false, fmt.Errorf("bulkupload: request %d (records from position %d) differs from the journal, because the input or the validation options changed: %w; use a new journal, or ForceResume to send changed requests again",
		j.request, j.firstPosition, ErrInputChanged)
}

func (r *run) failJob(j *job, attempts int, err error) {
	r.update(func(s *Summary) { s.Failed += len(j.bulkIDs); s.FailedRequests++ })
	r.opts.Logger.Error("request failed", "request", j.request, "firstPosition", j.firstPosition,
		"records", len(j.bulkIDs), "error", err)
	r.emit(func() {
		if r.opts.OnFailed != nil {
			r.opts.OnFailed(FailedEvent{Request: j.request, FirstPosition: j.firstPosition,
				BulkIDs: j.bulkIDs, ExternalIDs: j.externalIDs, Attempts: attempts, Err: err})
		}
	})
}

// stopWith ends the run early with err unless an earlier error already did.
func (r *run) stopWith(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
	r.stop(err)
}

// stopCause returns why the run stopped: the first stopping error or the context's.
func (r *run) stopCause() error {
	r.mu.Lock()
	defer r.mu.Unlock()

	if r.err != nil {
		return r.err
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return context.Cause(r.stopCtx)
}

func (r *run) finish() (Summary, error) {
	r.mu.Lock()
	r.summary.Elapsed = time.Since(r.started)
	r.finished = true
	s, err, endedEarly := r.summary, r.err, r.endedEarly
	r.mu.Unlock()

	if err == nil && endedEarly {
		err = r.ctx.Err()
	}
	r.opts.Logger.Info("run finished", "read", s.Read, "sent", s.Sent, "rejected", s.Rejected,
		"failed", s.Failed, "skipped", s.Skipped, "calls", s.Calls, "retries", s.Retries,
		"throttled", s.Throttled, "elapsed", s.Elapsed)
	return s, err
}

func (r *run) update(f func(*Summary)) {
	r.mu.Lock()
	f(&r.summary)
	r.mu.Unlock()
}

func (r *run) progress() Progress {
	r.mu.Lock()
	p := Progress{Summary: r.summary}
	if !r.finished {
		p.Elapsed = time.Since(r.started)
	}
	r.mu.Unlock()

	p.PausedUntil, p.PauseReason = r.pacer.currentPause()
	return p
}

func (r *run) emit(f func()) {
	r.eventMu.Lock()
	defer r.eventMu.Unlock()
	f()
}

// batch collects the records of one request.
type batch struct {
	users     []*scim.User
	positions []int
}

func (b *batch) add(position int, u *scim.User) {
	b.users = append(b.users, u)
	b.positions = append(b.positions, position)
}

func (b *batch) has(externalID string) bool {
	for _, u := range b.users {
		if u.ExternalID == externalID {
			return true
		}
	}
	return false
}

func (b *batch) reset() {
	clear(b.users)
	b.users = b.users[:0]
	b.positions = b.positions[:0]
}
