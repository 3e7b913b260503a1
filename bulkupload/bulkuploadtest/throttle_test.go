package bulkuploadtest

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one call of a throttling scenario: advance the clock, call, and expect a
// status and, for a 429, a Retry-After.
type step struct {
	advance        time.Duration
	wantStatus     int
	wantRetryAfter string
}

func runSteps(t *testing.T, srv *Server, clock *fakeClock, steps []step) {
	t.Helper()
	for i, s := range steps {
		clock.Advance(s.advance)
		res := post(t, srv, validBody(fmt.Sprintf("E%d", i)))

		require.Equal(t, s.wantStatus, res.status, "call %d", i+1)
		assert.Equal(t, s.wantRetryAfter, res.header.Get("Retry-After"), "call %d", i+1)
		if s.wantStatus == http.StatusTooManyRequests {
			ge := graphErrorOf(t, res)
			assert.Equal(t, CodeTooManyRequests, ge.Code, "call %d", i+1)
		}
	}
}

func TestThrottleRetryAfterUntilOldestLeaves(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, ThrottleLimit: 3, ThrottleWindow: 5 * time.Second})

	runSteps(t, srv, clock, []step{
		{0, http.StatusAccepted, ""},                               // t=0
		{1500 * time.Millisecond, http.StatusAccepted, ""},         // t=1.5
		{500 * time.Millisecond, http.StatusAccepted, ""},          // t=2
		{1200 * time.Millisecond, http.StatusTooManyRequests, "2"}, // t=3.2: the call of t=0 leaves at 5, 1.8 s later
		{1700 * time.Millisecond, http.StatusTooManyRequests, "1"}, // t=4.9: 0.1 s is rounded up
		{100 * time.Millisecond, http.StatusAccepted, ""},          // t=5: the call of t=0 has left
		{0, http.StatusTooManyRequests, "2"},                       // t=5: the call of t=1.5 leaves at 6.5
		{1500 * time.Millisecond, http.StatusAccepted, ""},         // t=6.5
		{499 * time.Millisecond, http.StatusTooManyRequests, "1"},  // t=6.999: the call of t=2 leaves at 7
	})

	assert.Equal(t, []string{"E0", "E1", "E2", "E5", "E7"}, srv.ExternalIDs(), "throttled calls record no users")
	stats := srv.Stats()
	assert.Equal(t, map[int]int{http.StatusAccepted: 5, http.StatusTooManyRequests: 4}, stats.ByStatus)
}

func TestThrottleSlidingNotFixedWindow(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, ThrottleLimit: 3, ThrottleWindow: 5 * time.Second})

	// A fixed window starting at t=0 would let the fourth call through at t=5.1.
	runSteps(t, srv, clock, []step{
		{4000 * time.Millisecond, http.StatusAccepted, ""},
		{500 * time.Millisecond, http.StatusAccepted, ""},
		{400 * time.Millisecond, http.StatusAccepted, ""},
		{200 * time.Millisecond, http.StatusTooManyRequests, "4"}, // t=5.1: the call of t=4 leaves at 9
	})
}

func TestThrottleDefaultManyWindows(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now})

	for window := range 10 {
		for call := range DefaultThrottleLimit {
			res := post(t, srv, validBody(fmt.Sprintf("W%d-%d", window, call)))
			require.Equal(t, http.StatusAccepted, res.status, "window %d, call %d", window, call+1)
		}

		res := post(t, srv, validBody("over"))
		require.Equal(t, http.StatusTooManyRequests, res.status, "window %d, call 41", window)
		assert.Equal(t, "5", res.header.Get("Retry-After"), "window %d", window)

		clock.Advance(DefaultThrottleWindow)
	}

	stats := srv.Stats()
	assert.Equal(t, 10*DefaultThrottleLimit, stats.Accepted)
	assert.Equal(t, 10, stats.ByStatus[http.StatusTooManyRequests])
	assert.NotContains(t, srv.ExternalIDs(), "over")
}

func TestThrottleNoRetryAfter(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, ThrottleLimit: 1, NoRetryAfter: true})

	runSteps(t, srv, clock, []step{
		{0, http.StatusAccepted, ""},
		{time.Second, http.StatusTooManyRequests, ""},
	})
}

func TestThrottleOff(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, NoThrottling: true})

	for i := range 3 * DefaultThrottleLimit {
		res := post(t, srv, validBody(fmt.Sprintf("E%d", i)))
		require.Equal(t, http.StatusAccepted, res.status, "call %d", i+1)
	}
	assert.Len(t, srv.ExternalIDs(), 3*DefaultThrottleLimit)
}

func TestThrottleCountThrottled(t *testing.T) {
	tests := []struct {
		name           string
		countThrottled bool
		steps          []step
	}{
		{"not counted", false, []step{
			{0, http.StatusAccepted, ""},
			{time.Second, http.StatusAccepted, ""},
			{time.Second, http.StatusTooManyRequests, "3"}, // t=2: the call of t=0 leaves at 5
			{3 * time.Second, http.StatusAccepted, ""},     // t=5
		}},
		{"counted", true, []step{
			{0, http.StatusAccepted, ""},
			{time.Second, http.StatusAccepted, ""},
			{time.Second, http.StatusTooManyRequests, "4"},     // t=2: the calls of t=0 and t=1 must leave
			{3 * time.Second, http.StatusTooManyRequests, "2"}, // t=5: the throttled call of t=2 still counts
			{2 * time.Second, http.StatusAccepted, ""},         // t=7: only the throttled call of t=5 is left
		}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			srv := newTestServer(t, &Options{Now: clock.Now, ThrottleLimit: 2, CountThrottled: tt.countThrottled})

			runSteps(t, srv, clock, tt.steps)
		})
	}
}

func TestSlidingWindowClockBackward(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w := &slidingWindow{limit: 2, width: 5 * time.Second}

	w.add(t0.Add(3 * time.Second))
	w.add(t0)

	assert.Equal(t, []time.Time{t0, t0.Add(3 * time.Second)}, w.times)
	assert.Equal(t, 2*time.Second, w.wait(t0.Add(3*time.Second)))
	assert.Equal(t, time.Duration(0), w.wait(t0.Add(5*time.Second)))
}
