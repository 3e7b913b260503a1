package bulkupload_test

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
)

// TestUploaderPacingAvoidsThrottling runs ten windows of a scaled-down limit (20 calls in
// 250 ms) against a simulator that enforces the same limit, with uneven latency.
func TestUploaderPacingAvoidsThrottling(t *testing.T) {
	const (
		calls  = 20
		window = 250 * time.Millisecond
	)
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		ThrottleLimit:  calls,
		ThrottleWindow: window,
		CountThrottled: true,
		Latency:        2 * time.Millisecond,
		LatencyJitter:  15 * time.Millisecond,
	})
	defer srv.Close()
	users := syntheticUsers(200)

	opts := fastOptions()
	opts.BatchSize = 1
	opts.Concurrency = 8
	opts.Pacing = bulkupload.Pacing{Calls: calls, Window: window, Margin: time.Millisecond}
	summary, err, o := runUpload(t, srv, opts, users)
	require.NoError(t, err)

	assert.Equal(t, 0, srv.Stats().ByStatus[http.StatusTooManyRequests], "the simulator throttled a paced run")
	assert.Equal(t, 0, summary.Throttled)
	assert.Equal(t, 200, summary.Calls)
	assert.Equal(t, 200, summary.Sent)
	assertAccounted(t, users, srv, summary, o)
}

// TestNaivePacingIsThrottled shows that the simulator's limit is real: without pacing the
// same run gets 429s.
func TestNaivePacingIsThrottled(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{ThrottleLimit: 20, ThrottleWindow: 250 * time.Millisecond})
	defer srv.Close()
	users := syntheticUsers(60)

	opts := fastOptions()
	opts.BatchSize = 1
	opts.Concurrency = 8
	opts.MaxRetries = 50
	summary, err, o := runUpload(t, srv, opts, users)
	require.NoError(t, err)

	assert.Positive(t, srv.Stats().ByStatus[http.StatusTooManyRequests])
	assert.Equal(t, srv.Stats().ByStatus[http.StatusTooManyRequests], summary.Throttled)
	assertAccounted(t, users, srv, summary, o)
}

// TestUploaderThrottlePausesEveryWorker checks that after one worker's 429 no other worker
// starts a call until the Retry-After has passed.
func TestUploaderThrottlePausesEveryWorker(t *testing.T) {
	const retryAfter = 400 * time.Millisecond
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults:  map[int]fault{3: {Kind: bulkuploadtest.FaultThrottledMillis, RetryAfter: retryAfter}},
		Latency: 5 * time.Millisecond,
	})
	defer srv.Close()
	users := syntheticUsers(200)

	summary, err, o := runUpload(t, srv, fastOptions(), users)
	require.NoError(t, err)
	assert.Equal(t, 1, summary.Throttled)
	assertAccounted(t, users, srv, summary, o)

	var throttledAt time.Time
	for _, c := range srv.Calls() {
		if c.Status == http.StatusTooManyRequests {
			throttledAt = c.Time
		}
	}
	require.False(t, throttledAt.IsZero())

	// Calls already on the way when the 429 was sent may arrive just after it. After a
	// short grace, nothing may arrive until the pause ends.
	grace := 50 * time.Millisecond
	for _, c := range srv.Calls() {
		since := c.Time.Sub(throttledAt)
		assert.False(t, since > grace && since < retryAfter-10*time.Millisecond,
			"call %d arrived %s after the 429, inside the pause", c.Number, since)
	}
}

func TestUploaderProgressShowsPause(t *testing.T) {
	const retryAfter = 300 * time.Millisecond
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]fault{2: {Kind: bulkuploadtest.FaultThrottledMillis, RetryAfter: retryAfter}},
	})
	defer srv.Close()

	opts := fastOptions()
	opts.Concurrency = 1
	var up *bulkupload.Uploader
	var during bulkupload.Progress
	opts.OnRetry = func(bulkupload.RetryEvent) { during = up.Progress() }
	up = newUploader(t, srv, opts)

	summary, err := up.Run(t.Context(), seq2(syntheticUsers(30)))
	require.NoError(t, err)

	assert.Equal(t, bulkupload.ReasonThrottled, during.PauseReason)
	assert.WithinDuration(t, time.Now(), during.PausedUntil, time.Second)
	assert.Equal(t, 10, during.Sent, "the first request was sent before the 429")
	assert.Equal(t, 1, during.Throttled)

	after := up.Progress()
	assert.Equal(t, summary, after.Summary, "after the run, Progress returns the final summary")
	assert.True(t, after.PausedUntil.IsZero())
}

// TestUploaderResumePacesWithEarlierCalls starts a second run at once after a first that
// filled the window, sharing its call log, and checks that the simulator sends no 429.
func TestUploaderResumePacesWithEarlierCalls(t *testing.T) {
	const (
		calls  = 10
		window = 400 * time.Millisecond
	)
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{ThrottleLimit: calls, ThrottleWindow: window, CountThrottled: true})
	defer srv.Close()
	callLog := filepath.Join(t.TempDir(), "run.calls")

	for range 2 {
		opts := fastOptions()
		opts.BatchSize = 1
		opts.CallLog = callLog
		opts.Pacing = bulkupload.Pacing{Calls: calls, Window: window}
		_, err, _ := runUpload(t, srv, opts, syntheticUsers(calls))
		require.NoError(t, err)
	}

	assert.Equal(t, 0, srv.Stats().ByStatus[http.StatusTooManyRequests])
	assert.Len(t, srv.ExternalIDs(), 2*calls)
}
