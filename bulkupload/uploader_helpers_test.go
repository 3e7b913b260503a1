package bulkupload_test

import (
	"context"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/internal/hrdata"
	"github.com/inbound-go/inbound/scim"
)

// outcomes collects what the Uploader's callbacks reported.
type outcomes struct {
	mu     sync.Mutex
	sent   []string
	failed map[string]error
	// failedRecords counts the records of every failure event, so that a worker
	// reported twice counts twice.
	failedRecords int
	rejected      map[int]error
	retries       []bulkupload.RetryEvent
	requests      []bulkupload.SentEvent
	failures      []bulkupload.FailedEvent
}

func newOutcomes() *outcomes {
	return &outcomes{failed: map[string]error{}, rejected: map[int]error{}}
}

// attach sets the callbacks of opts to record into o.
func (o *outcomes) attach(opts *bulkupload.UploaderOptions) {
	opts.OnSent = func(e bulkupload.SentEvent) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.sent = append(o.sent, e.ExternalIDs...)
		o.requests = append(o.requests, e)
	}
	opts.OnFailed = func(e bulkupload.FailedEvent) {
		o.mu.Lock()
		defer o.mu.Unlock()
		for _, id := range e.ExternalIDs {
			o.failed[id] = e.Err
		}
		o.failedRecords += len(e.ExternalIDs)
		o.failures = append(o.failures, e)
	}
	opts.OnRejected = func(e bulkupload.RejectedEvent) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.rejected[e.Position] = e.Err
	}
	opts.OnRetry = func(e bulkupload.RetryEvent) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.retries = append(o.retries, e)
	}
}

func (o *outcomes) retryReasons() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var reasons []string
	for _, r := range o.retries {
		reasons = append(reasons, r.Reason)
	}
	return reasons
}

func syntheticUsers(n int) []*scim.User {
	return slices.Collect(hrdata.Users(42, n))
}

func seq2(users []*scim.User) iter.Seq2[*scim.User, error] {
	return func(yield func(*scim.User, error) bool) {
		for _, u := range users {
			if !yield(u, nil) {
				return
			}
		}
	}
}

// fastOptions returns Uploader options that keep fault tests quick: small requests,
// millisecond backoff and no pacing.
func fastOptions() *bulkupload.UploaderOptions {
	return &bulkupload.UploaderOptions{
		BatchSize:       10,
		Concurrency:     4,
		Pacing:          bulkupload.Pacing{Disabled: true},
		BackoffBase:     time.Millisecond,
		BackoffMax:      10 * time.Millisecond,
		BucketFullPause: 20 * time.Millisecond,
	}
}

func newUploader(t *testing.T, srv *bulkuploadtest.Server, opts *bulkupload.UploaderOptions) *bulkupload.Uploader {
	t.Helper()
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)
	up, err := bulkupload.NewUploader(client, opts)
	require.NoError(t, err)
	return up
}

func runUpload(t *testing.T, srv *bulkuploadtest.Server, opts *bulkupload.UploaderOptions, users []*scim.User) (bulkupload.Summary, error, *outcomes) {
	t.Helper()
	o := newOutcomes()
	o.attach(opts)
	summary, err := newUploader(t, srv, opts).Run(context.Background(), seq2(users))
	return summary, err, o
}

// assertAccounted checks that every input record ended exactly one way: accepted by the
// simulator, rejected or failed, or left unread after a run that stopped early.
func assertAccounted(t *testing.T, users []*scim.User, srv *bulkuploadtest.Server, summary bulkupload.Summary, o *outcomes) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()

	accepted := map[string]int{}
	for _, id := range srv.ExternalIDs() {
		accepted[id]++
	}
	reported := map[string]int{}
	for _, id := range o.sent {
		reported[id]++
	}
	assert.Equal(t, accepted, reported, "records the simulator accepted differ from those reported sent")

	for position, u := range users {
		id := u.ExternalID
		ways := accepted[id]
		if _, ok := o.failed[id]; ok {
			ways++
		}
		if _, ok := o.rejected[position]; ok {
			ways++
		}
		if position >= summary.Read {
			ways++ // not read: the run stopped before it
		}
		assert.Equal(t, 1, ways, "record %d (externalId %s) ended %d ways", position, id, ways)
	}

	assert.Equal(t, summary.Read, summary.Sent+summary.Rejected+summary.Failed+summary.Skipped)
	assert.Equal(t, len(o.sent), summary.Sent)
	assert.Equal(t, o.failedRecords, summary.Failed)
	assert.Equal(t, len(o.rejected), summary.Rejected)
}
