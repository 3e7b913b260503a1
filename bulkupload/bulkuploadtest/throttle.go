package bulkuploadtest

import (
	"net/http"
	"slices"
	"sort"
	"time"
)

// slidingWindow counts events in a sliding window: an event at t fits when fewer than
// limit earlier events lie in (t-width, t]. Unlike a fixed window or a token bucket, it
// rejects a burst that straddles a window boundary, which is what "40 calls in any
// 5-second window" means.
type slidingWindow struct {
	limit int
	width time.Duration

	// times contains the events that may still be in the window, in ascending order.
	times []time.Time
}

// wait returns how long from now until one more event fits, and 0 when it fits now.
func (w *slidingWindow) wait(now time.Time) time.Duration {
	w.prune(now)
	if len(w.times) < w.limit {
		return 0
	}

	// One more event fits once all but limit-1 of the events have left the window.
	// They leave in order, each width after it happened.
	return w.times[len(w.times)-w.limit].Add(w.width).Sub(now)
}

// add records an event at now. Times stay sorted even if the clock goes backward.
func (w *slidingWindow) add(now time.Time) {
	i := sort.Search(len(w.times), func(i int) bool { return w.times[i].After(now) })
	w.times = slices.Insert(w.times, i, now)
}

// prune drops the events that have left the window: those at or before now-width.
func (w *slidingWindow) prune(now time.Time) {
	edge := now.Add(-w.width)
	n := sort.Search(len(w.times), func(i int) bool { return w.times[i].After(edge) })
	w.times = slices.Delete(w.times, 0, n)
}

// limitError is a 429 of the rate limit or the daily quota.
type limitError struct {
	code, message string

	// wait is how long until the call would be admitted.
	wait time.Duration
}

// admit applies the daily quota and throttling to a call that arrives now. It returns
// nil when the call may proceed, and then counts it in both windows. A call that the
// quota rejects does not count toward throttling, and a throttled call counts toward
// neither unless Options.CountThrottled is set.
func (s *Server) admit() *limitError {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now()

	if s.quota != nil {
		if wait := s.quota.wait(now); wait > 0 {
			return &limitError{code: CodeQuotaExceeded, message: quotaExceededMessage, wait: wait}
		}
	}

	if s.throttle != nil {
		if wait := s.throttle.wait(now); wait > 0 {
			if s.cfg.CountThrottled {
				s.throttle.add(now)
				wait = s.throttle.wait(now)
			}
			return &limitError{code: CodeTooManyRequests, message: throttledMessage, wait: wait}
		}
		s.throttle.add(now)
	}

	if s.quota != nil {
		s.quota.add(now)
	}
	return nil
}

// writeLimitError prepares x's response: the 429 of e.
func (x *exchange) writeLimitError(e *limitError, sendRetryAfter bool) {
	if sendRetryAfter {
		x.setRetryAfter(e.wait)
	}
	x.writeError(http.StatusTooManyRequests, e.code, e.message)
}
