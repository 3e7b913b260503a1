package bulkupload

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestSlidingWindowAdmitsUpToLimit(t *testing.T) {
	w := newSlidingWindow(3, time.Second)

	for i := range 3 {
		ok, _ := w.reserve(epoch)
		require.True(t, ok, "call %d", i)
	}
	ok, retryAt := w.reserve(epoch)
	assert.False(t, ok)
	assert.True(t, retryAt.IsZero(), "with every call in flight, room appears only on a response")
}

func TestSlidingWindowHoldsFinishedCalls(t *testing.T) {
	w := newSlidingWindow(2, time.Second)
	w.reserve(epoch)
	w.reserve(epoch)
	w.finish(epoch.Add(30 * time.Millisecond))
	w.finish(epoch.Add(50 * time.Millisecond))

	ok, retryAt := w.reserve(epoch.Add(500 * time.Millisecond))
	assert.False(t, ok)
	assert.Equal(t, epoch.Add(1030*time.Millisecond), retryAt, "room appears one hold after the first response")

	ok, _ = w.reserve(epoch.Add(1030 * time.Millisecond))
	assert.True(t, ok)
	ok, retryAt = w.reserve(epoch.Add(1030 * time.Millisecond))
	assert.False(t, ok)
	assert.Equal(t, epoch.Add(1050*time.Millisecond), retryAt)
}

// TestSlidingWindowNeverExceedsLimit simulates a server that receives each call at a random
// moment between its send and its response, and checks every window at the server.
func TestSlidingWindowNeverExceedsLimit(t *testing.T) {
	const (
		calls  = 40
		window = 500 * time.Millisecond
		total  = 2000
	)
	w := newSlidingWindow(calls, window)
	rng := newTestRand(7)

	type call struct{ end, arrival time.Time }
	var inFlight []call
	var arrivals []time.Time
	now := epoch

	for len(arrivals) < total {
		// Finish the calls whose response has come, in time order.
		sort.Slice(inFlight, func(i, j int) bool { return inFlight[i].end.Before(inFlight[j].end) })
		for len(inFlight) > 0 && !inFlight[0].end.After(now) {
			w.finish(inFlight[0].end)
			inFlight = inFlight[1:]
		}

		ok, retryAt := w.reserve(now)
		if !ok {
			next := retryAt
			if next.IsZero() || (len(inFlight) > 0 && inFlight[0].end.Before(next)) {
				next = inFlight[0].end
			}
			now = next
			continue
		}

		latency := time.Duration(5+rng.IntN(200)) * time.Millisecond
		arrival := now.Add(time.Duration(rng.Int64N(int64(latency) + 1)))
		inFlight = append(inFlight, call{end: now.Add(latency), arrival: arrival})
		arrivals = append(arrivals, arrival)
	}

	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
	for i := calls; i < len(arrivals); i++ {
		gap := arrivals[i].Sub(arrivals[i-calls])
		require.GreaterOrEqual(t, gap, window, "calls %d to %d arrived within one window", i-calls, i)
	}
}

func TestPacerPauseBlocksEveryWorker(t *testing.T) {
	p := newPacer(Pacing{Disabled: true})
	until := p.pauseFor(time.Hour, "throttled")

	gotUntil, reason := p.currentPause()
	assert.Equal(t, until, gotUntil)
	assert.Equal(t, "throttled", reason)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := p.acquire(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	assert.Equal(t, until, p.pauseFor(time.Second, "shorter"), "a shorter pause must not cut a longer one")
}

func TestBackoffRange(t *testing.T) {
	base, maxDelay := 100*time.Millisecond, time.Second
	for attempt := 1; attempt <= 8; attempt++ {
		want := min(base<<(attempt-1), maxDelay)
		for range 50 {
			d := backoff(attempt, base, maxDelay)
			assert.GreaterOrEqual(t, d, want/2, "attempt %d", attempt)
			assert.Less(t, d, want, "attempt %d", attempt)
		}
	}
}

func TestPacerReportsPacingWait(t *testing.T) {
	p := newPacer(Pacing{Calls: 2, Window: time.Hour})
	until, reason := p.currentPause()
	assert.True(t, until.IsZero())
	assert.Empty(t, reason)

	for range 2 {
		_, err := p.acquire(context.Background())
		require.NoError(t, err)
	}
	until, reason = p.currentPause()
	assert.Equal(t, ReasonPacing, reason, "a full window with calls in flight is a pacing wait")
	assert.WithinDuration(t, time.Now(), until, time.Second)

	p.done()
	until, reason = p.currentPause()
	assert.Equal(t, ReasonPacing, reason)
	assert.WithinDuration(t, time.Now().Add(time.Hour+DefaultPacingMargin), until, time.Second)
}

func TestPacerSeedCountsEarlierCalls(t *testing.T) {
	p := newPacer(Pacing{Calls: 3, Window: time.Hour})
	now := time.Now()
	p.seed([]time.Time{now.Add(-time.Minute), now.Add(-2 * time.Minute), now.Add(-3 * time.Minute), now.Add(-4 * time.Minute)})

	until, reason := p.currentPause()
	assert.Equal(t, ReasonPacing, reason, "three calls of an earlier run fill a window of three")
	assert.WithinDuration(t, now.Add(-3*time.Minute+earlierCallResponseTime+time.Hour+DefaultPacingMargin), until, time.Second,
		"only the latest three calls are kept, so room comes when the oldest of them leaves")

	disabled := newPacer(Pacing{Disabled: true})
	disabled.seed([]time.Time{now})
	until, _ = disabled.currentPause()
	assert.True(t, until.IsZero())
}
