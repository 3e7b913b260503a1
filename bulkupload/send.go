package bulkupload

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// send delivers one request, retrying as its failures require, and reports the outcome.
func (r *run) send(j *job) {
	unauthorized := false
	for attempt := 1; ; attempt++ {
		if err := r.stopCause(); r.stopCtx.Err() != nil {
			r.failJob(j, attempt-1, err)
			r.markEndedEarly()
			return
		}

		resp, called, err := r.call(j, attempt)
		if !called {
			r.failJob(j, attempt-1, err)
			r.markEndedEarly()
			return
		}
		if err == nil {
			r.accepted(j, attempt, resp)
			return
		}

		next := r.classify(err, attempt, &unauthorized)
		if next.stop != nil {
			r.failJob(j, attempt, next.stop)
			r.stopWith(next.stop)
			return
		}
		if next.reason == "" || attempt > r.opts.MaxRetries {
			r.failJob(j, attempt, err)
			return
		}

		// A pause for everyone goes through the pacer, where every worker, this one
		// included, waits before its next call. Other waits are this worker's alone.
		if next.everyone {
			r.pacer.pauseFor(next.wait, next.reason)
		}
		r.retry(j, attempt, next, err)
		if !next.everyone {
			if waitErr := r.sleep(next.wait); waitErr != nil {
				r.failJob(j, attempt, r.stopCause())
				r.markEndedEarly()
				return
			}
		}
	}
}

// call makes one HTTP call within the pacing and the daily budget. called is false when
// the call was not made, and err then gives the cause.
func (r *run) call(j *job, attempt int) (resp UploadResponse, called bool, err error) {
	waited, err := r.pacer.acquire(r.stopCtx)
	r.update(func(s *Summary) { s.Waited += waited })
	if err != nil {
		return UploadResponse{}, false, r.stopCause()
	}
	defer r.pacer.done()

	if err := r.reserveCall(); err != nil {
		r.stopWith(err)
		return UploadResponse{}, false, err
	}
	r.update(func(s *Summary) {
		s.Calls++
		if attempt > 1 {
			s.Retries++
		}
	})

	// The call outlives a canceled run so that its outcome reaches the journal, and the
	// client's pipeline does not retry, because send does.
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), r.opts.CallTimeout)
	defer cancel()
	callCtx = policy.WithRetryOptions(callCtx, policy.RetryOptions{MaxRetries: -1})

	resp, err = r.up.client.UploadJSON(callCtx, j.body, nil)
	return resp, true, err
}

// reserveCall counts a call against the daily budget, or returns a *QuotaError.
func (r *run) reserveCall() error {
	used, ok, err := r.calls.reserve(time.Now(), r.opts.DailyCallBudget)
	if !ok {
		return &QuotaError{Budget: r.opts.DailyCallBudget, Used: used, ResumeAt: r.calls.oldest().Add(24 * time.Hour)}
	}
	if err != nil {
		r.opts.Logger.Warn("call log not written", "error", err)
	}
	return nil
}

func (r *run) accepted(j *job, attempts int, resp UploadResponse) {
	if r.journal != nil {
		ack := journalAck{firstPosition: j.firstPosition, records: len(j.bulkIDs), hash: j.hash}
		if err := r.journal.recordAccepted(j.request, ack, resp.RequestID); err != nil {
			// The service has the records, so they count as sent. A resumed run sends
			// them again because the journal lacks them, and stopping now keeps that to
			// the requests in flight.
			r.stopWith(fmt.Errorf("bulkupload: %w", err))
		}
	}

	r.update(func(s *Summary) { s.Sent += len(j.bulkIDs); s.Requests++ })
	r.opts.Logger.Info("request accepted", "request", j.request, "firstPosition", j.firstPosition,
		"records", len(j.bulkIDs), "attempts", attempts, "requestId", resp.RequestID)
	r.emit(func() {
		if r.opts.OnSent != nil {
			r.opts.OnSent(SentEvent{Request: j.request, FirstPosition: j.firstPosition, BulkIDs: j.bulkIDs,
				ExternalIDs: j.externalIDs, Attempts: attempts, Response: resp})
		}
	})
}

// nextStep is the action that follows a failed call.
type nextStep struct {
	reason   string // empty when the failure is not retried
	wait     time.Duration
	everyone bool  // every worker pauses, not only this one
	stop     error // non-nil when the whole run must stop
}

// classify decides the next step after a failed call, following the service's documented
// errors. A 429 or a full ingestion bucket pauses every worker. A 408, 500, 502, 503, 504
// or transport error backs off. A 401 is retried once with a fresh token, which the
// bearer policy fetches after it expires the cached one. A 400 fails the request. A 403
// or 404 stops the run, because every request would fail alike.
func (r *run) classify(err error, attempt int, unauthorized *bool) nextStep {
	var respErr *azcore.ResponseError
	if !errors.As(err, &respErr) {
		*unauthorized = false
		if stop := r.permanentTransportError(err); stop != nil {
			return nextStep{stop: stop}
		}
		return nextStep{reason: ReasonTransient, wait: r.backoff(attempt)}
	}

	// Only two 401s in a row mean that a fresh token is rejected too.
	lastWasUnauthorized := *unauthorized
	*unauthorized = respErr.StatusCode == http.StatusUnauthorized

	ge, _ := GraphErrorOf(err)
	switch status := respErr.StatusCode; {
	case status == http.StatusTooManyRequests:
		r.update(func(s *Summary) { s.Throttled++ })
		if isQuotaExceeded(ge) {
			return nextStep{stop: &QuotaError{Err: err}}
		}
		wait := time.Duration(0)
		var throttled *ThrottledError
		if errors.As(err, &throttled) {
			wait = throttled.RetryAfter
		}
		if wait <= 0 {
			wait = r.backoff(attempt)
		}
		return nextStep{reason: ReasonThrottled, wait: wait, everyone: true}

	case status == http.StatusInternalServerError && IsBucketFull(ge):
		return nextStep{reason: ReasonBucketFull, wait: r.opts.BucketFullPause, everyone: true}

	case status == http.StatusUnauthorized:
		if lastWasUnauthorized {
			return nextStep{stop: &StopError{StatusCode: status, Err: err,
				Hint: "the service rejected a fresh token too; check that the credential's tenant owns the provisioning app and that it requests the scope " + r.up.client.endpoint.Cloud.Scope}}
		}
		return nextStep{reason: ReasonUnauthorized}

	case status == http.StatusForbidden:
		return nextStep{stop: &StopError{StatusCode: status, Err: err,
			Hint: "grant the app the application permission SynchronizationData-User.Upload (or SynchronizationData-User.Upload.OwnedBy for a provisioning app it owns) and admin consent"}}

	case status == http.StatusNotFound:
		ep := r.up.client.endpoint
		return nextStep{stop: &StopError{StatusCode: status, Err: err,
			Hint: fmt.Sprintf("check the service principal ID %s (the object ID of the provisioning app's service principal, not its application ID) and the job ID %s",
				ep.ServicePrincipalID, ep.JobID)}}

	case isTransientStatus(status):
		return nextStep{reason: ReasonTransient, wait: r.backoff(attempt)}
	}
	return nextStep{}
}

// permanentTransportError returns a *StopError for a failure without a response that every
// call would meet alike. That is a credential that cannot get a token, which azcore marks
// as not retriable, unless a network error caused it. It is also an untrusted server
// certificate, or a host name that does not resolve.
func (r *run) permanentTransportError(err error) *StopError {
	var nonRetriable interface{ NonRetriable() }
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var dnsErr *net.DNSError

	var netErr net.Error
	switch {
	case errors.As(err, &nonRetriable) && !errors.As(err, &netErr):
		return &StopError{Err: err, Hint: "the request could not be authorized; check the credential and that it can get a token for " + r.up.client.endpoint.Cloud.Scope}
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority):
		return &StopError{Err: err, Hint: "the server's TLS certificate is not trusted; check the endpoint host " + r.up.client.endpoint.Host}
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return &StopError{Err: err, Hint: "the endpoint host " + r.up.client.endpoint.Host + " does not resolve; check the endpoint URL"}
	}
	return nil
}

func isTransientStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// IsBucketFull reports whether a Graph error reports the job's ingestion bucket as
// full, a condition the service returns as HTTP 500.
//
// NOTE: Microsoft documents the condition but not the exact code or message; this
// matches any message that mentions the bucket.
func IsBucketFull(ge GraphError) bool {
	return strings.Contains(strings.ToLower(ge.Message), "bucket")
}

// isQuotaExceeded reports whether a 429 reports the tenant's daily quota as used up.
//
// NOTE: Microsoft documents the daily quota but not how the service reports it; this
// matches a Graph error code or message that mentions a quota.
func isQuotaExceeded(ge GraphError) bool {
	return strings.Contains(strings.ToLower(ge.Code), "quota") || strings.Contains(strings.ToLower(ge.Message), "daily quota")
}

func (r *run) backoff(attempt int) time.Duration {
	return backoff(attempt, r.opts.BackoffBase, r.opts.BackoffMax)
}

func (r *run) retry(j *job, attempt int, next nextStep, err error) {
	status := 0
	var respErr *azcore.ResponseError
	if errors.As(err, &respErr) {
		status = respErr.StatusCode
	}

	r.opts.Logger.Warn("request will be retried", "request", j.request, "attempt", attempt,
		"reason", next.reason, "status", status, "wait", next.wait)
	r.emit(func() {
		if r.opts.OnRetry != nil {
			r.opts.OnRetry(RetryEvent{Request: j.request, Attempt: attempt, Reason: next.reason,
				StatusCode: status, Wait: next.wait, Err: err})
		}
	})
}

// sleep waits d before this worker's next call, or until the run stops.
func (r *run) sleep(d time.Duration) error {
	if d <= 0 {
		return nil
	}

	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		r.update(func(s *Summary) { s.Waited += d })
		return nil
	case <-r.stopCtx.Done():
		return r.stopCtx.Err()
	}
}
