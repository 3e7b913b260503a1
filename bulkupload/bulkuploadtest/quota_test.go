package bulkuploadtest

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDailyQuota(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, DailyQuota: 3})

	for i := range 3 {
		res := post(t, srv, validBody(fmt.Sprintf("E%d", i)))
		require.Equal(t, http.StatusAccepted, res.status, "call %d", i+1)
		clock.Advance(time.Hour)
	}

	// t=3h: the call of t=0 leaves the 24-hour window at t=24h.
	over := post(t, srv, validBody("over"))
	require.Equal(t, http.StatusTooManyRequests, over.status)
	assert.Equal(t, "75600", over.header.Get("Retry-After"))
	ge := graphErrorOf(t, over)
	assert.Equal(t, CodeQuotaExceeded, ge.Code)
	assert.Equal(t, "The daily quota of bulkUpload calls for this tenant is used up.", ge.Message)

	clock.Advance(21*time.Hour - time.Second)
	early := post(t, srv, validBody("early"))
	assert.Equal(t, http.StatusTooManyRequests, early.status)
	assert.Equal(t, "1", early.header.Get("Retry-After"))

	clock.Advance(time.Second)
	again := post(t, srv, validBody("E3"))
	assert.Equal(t, http.StatusAccepted, again.status)

	assert.Equal(t, []string{"E0", "E1", "E2", "E3"}, srv.ExternalIDs())
}

func TestDailyQuotaCountsRejectedBodies(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, DailyQuota: 1})

	bad := post(t, srv, validBody("E1"), withHeader("Content-Type", "application/json"))
	next := post(t, srv, validBody("E2"))

	assert.Equal(t, http.StatusBadRequest, bad.status)
	require.Equal(t, http.StatusTooManyRequests, next.status, "a call answered 400 uses the quota too")
	assert.Equal(t, CodeQuotaExceeded, graphErrorOf(t, next).Code)
}

func TestDailyQuotaIgnoresThrottledCalls(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, DailyQuota: 3, ThrottleLimit: 1})

	runSteps(t, srv, clock, []step{
		{0, http.StatusAccepted, ""},
		{0, http.StatusTooManyRequests, "5"},
		{5 * time.Second, http.StatusAccepted, ""},
		{5 * time.Second, http.StatusAccepted, ""},
	})
	clock.Advance(5 * time.Second)
	res := post(t, srv, validBody("over"))

	require.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Equal(t, CodeQuotaExceeded, graphErrorOf(t, res).Code, "the throttled call did not use the quota")
	assert.Equal(t, []string{"E0", "E2", "E3"}, srv.ExternalIDs())
}

func TestDailyQuotaNoRetryAfter(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, DailyQuota: 1, NoRetryAfter: true})

	first := post(t, srv, validBody("E1"))
	second := post(t, srv, validBody("E2"))

	assert.Equal(t, http.StatusAccepted, first.status)
	require.Equal(t, http.StatusTooManyRequests, second.status)
	assert.Empty(t, second.header.Get("Retry-After"))
	assert.Equal(t, CodeQuotaExceeded, graphErrorOf(t, second).Code)
}
