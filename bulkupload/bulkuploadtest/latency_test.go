package bulkuploadtest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

// sleepRecorder is an Options.Sleep that returns at once and records the delays asked
// for, by call order.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (r *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delays = append(r.delays, d)
	return ctx.Err()
}

func delaysOf(t *testing.T, opts Options, calls int) []time.Duration {
	t.Helper()
	rec := &sleepRecorder{}
	opts.Sleep = rec.Sleep
	srv := newTestServer(t, &opts)
	for i := range calls {
		res := post(t, srv, validBody(fmt.Sprintf("E%d", i)))
		require.Equal(t, http.StatusAccepted, res.status)
	}
	return rec.delays
}

func TestLatency(t *testing.T) {
	delays := delaysOf(t, Options{Latency: 80 * time.Millisecond}, 3)

	assert.Equal(t, []time.Duration{80 * time.Millisecond, 80 * time.Millisecond, 80 * time.Millisecond}, delays)
}

func TestLatencyJitter(t *testing.T) {
	opts := Options{Latency: 80 * time.Millisecond, LatencyJitter: 40 * time.Millisecond}

	first := delaysOf(t, opts, 20)
	second := delaysOf(t, opts, 20)

	require.Len(t, first, 20)
	assert.Equal(t, first, second, "the jitter of a call depends only on its number")
	distinct := make(map[time.Duration]bool)
	for i, d := range first {
		assert.GreaterOrEqual(t, d, 80*time.Millisecond, "call %d", i+1)
		assert.LessOrEqual(t, d, 120*time.Millisecond, "call %d", i+1)
		distinct[d] = true
	}
	assert.Greater(t, len(distinct), 10, "delays vary between calls")
}

func TestNoLatencyNoSleep(t *testing.T) {
	delays := delaysOf(t, Options{}, 2)

	assert.Empty(t, delays)
}

// blockingSleep is an Options.Sleep that signals when a call starts waiting and then
// waits for its context.
type blockingSleep struct {
	waiting chan struct{}
}

func (b *blockingSleep) Sleep(ctx context.Context, _ time.Duration) error {
	b.waiting <- struct{}{}
	<-ctx.Done()
	return ctx.Err()
}

func TestLatencyCanceledByClient(t *testing.T) {
	sleeper := &blockingSleep{waiting: make(chan struct{}, 1)}
	srv := NewServer(&Options{Latency: time.Hour, Sleep: sleeper.Sleep})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sleeper.waiting
		cancel()
	}()
	req := newUploadRequest(t, srv, ctx, validBody("E1"))

	_, err := do(srv, req)
	srv.Close() // waits for the handler to record the call

	assert.ErrorIs(t, err, context.Canceled)
	stats := srv.Stats()
	assert.Equal(t, 1, stats.Canceled)
	assert.Empty(t, stats.ByStatus)
	assert.Empty(t, srv.ExternalIDs())
	require.Len(t, srv.Calls(), 1)
	assert.Equal(t, 0, srv.Calls()[0].Status)
}

func TestLatencyEndedByClose(t *testing.T) {
	sleeper := &blockingSleep{waiting: make(chan struct{}, 1)}
	srv := NewServer(&Options{Latency: time.Hour, Sleep: sleeper.Sleep})
	req := newUploadRequest(t, srv, context.Background(), validBody("E1"))
	errc := make(chan error, 1)
	go func() {
		_, err := do(srv, req)
		errc <- err
	}()

	<-sleeper.waiting
	srv.Close()

	assert.Error(t, <-errc, "the client gets no response")
	assert.Equal(t, 1, srv.Stats().Canceled)
	assert.Empty(t, srv.ExternalIDs())
}

func TestLatencyRealClock(t *testing.T) {
	srv := newTestServer(t, &Options{Latency: time.Millisecond})

	res := post(t, srv, validBody("E1"))

	assert.Equal(t, http.StatusAccepted, res.status)
	assert.Equal(t, []string{"E1"}, srv.ExternalIDs())
}

func TestLatencyAbandonedCallNotAccepted(t *testing.T) {
	srv := NewServer(&Options{Latency: 300 * time.Millisecond})
	defer srv.Close()
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	user := &scim.User{ExternalID: "1", Active: scim.Ptr(true)}
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{scim.NewOperation("b1", user)}}
	_, err = client.Upload(ctx, req, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// The server ends the call when it notices the client has gone; wait for that.
	require.Eventually(t, func() bool { return srv.Stats().Canceled == 1 }, 2*time.Second, 10*time.Millisecond)
	assert.Empty(t, srv.ExternalIDs(), "an abandoned call must not be accepted")
	assert.Empty(t, srv.Stats().ByStatus)
}
