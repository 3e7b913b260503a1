package bulkupload

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Default pacing: 40 calls in any 5-second window (Entra "API-driven inbound provisioning"
// concepts and troubleshooting pages, 2025 and 2026). The Graph reference page still gives
// 40 per second, so the stricter figure is the default.
const (
	DefaultPacingCalls  = 40
	DefaultPacingWindow = 5 * time.Second

	// DefaultPacingMargin is added to the window to absorb differences between this
	// machine's clock and the service's. Network jitter needs no margin, because the
	// pacer counts a call until its response has arrived (see Pacing).
	DefaultPacingMargin = 25 * time.Millisecond
)

// Pacing limits the calls an Uploader makes to at most Calls in any window of length
// Window, as the service counts them. The zero value means the defaults.
//
// The service sees a call arrive at some moment between its send and its response. The
// pacer therefore counts each call as occupying the window from its send until Window
// (plus Margin) after its response, and starts a new call only when fewer than Calls are
// counted. However late a call arrives, no Window-long span at the service can then hold
// more than Calls arrivals. The cost is one response time per window: with 10 to 50 ms
// responses and the defaults, about 99 percent of the nominal 8 calls per second. A
// token bucket with a burst of Calls would allow twice Calls in the first window.
type Pacing struct {
	// Calls is the most calls in any window. Zero means DefaultPacingCalls.
	Calls int

	// Window is the length of the window. Zero means DefaultPacingWindow.
	Window time.Duration

	// Margin is added to Window. Zero means DefaultPacingMargin; a negative value means
	// no margin.
	Margin time.Duration

	// Disabled turns pacing off; the Uploader then sends as fast as its workers can.
	Disabled bool
}

func (p Pacing) withDefaults() Pacing {
	if p.Calls <= 0 {
		p.Calls = DefaultPacingCalls
	}
	if p.Window <= 0 {
		p.Window = DefaultPacingWindow
	}
	if p.Margin == 0 {
		p.Margin = DefaultPacingMargin
	} else if p.Margin < 0 {
		p.Margin = 0
	}
	return p
}

// slidingWindow is the pacer's arithmetic, with time passed in so that tests need no
// clock. It is not safe for concurrent use.
type slidingWindow struct {
	calls int

	// hold is how long a finished call stays counted after its response: Window + Margin.
	hold time.Duration

	inFlight int

	// ends holds the response times of finished calls still counted, oldest first.
	ends []time.Time
}

func newSlidingWindow(calls int, hold time.Duration) *slidingWindow {
	return &slidingWindow{calls: calls, hold: hold, ends: make([]time.Time, 0, calls)}
}

// reserve counts a new call at now if the window has room and returns true. Otherwise it
// returns false and the time at which room will appear; a zero time means room appears
// only when a call in flight finishes.
func (w *slidingWindow) reserve(now time.Time) (ok bool, retryAt time.Time) {
	w.expire(now)
	if w.inFlight+len(w.ends) < w.calls {
		w.inFlight++
		return true, time.Time{}
	}

	return false, w.roomAt()
}

// full reports whether a call reserved at now would have to wait.
func (w *slidingWindow) full(now time.Time) bool {
	w.expire(now)
	return w.inFlight+len(w.ends) >= w.calls
}

// roomAt returns when the oldest finished call stops being counted, or a zero time when
// no finished call is counted.
func (w *slidingWindow) roomAt() time.Time {
	if len(w.ends) == 0 {
		return time.Time{}
	}
	return w.ends[0].Add(w.hold)
}

// finish marks one call in flight as finished at now, when its response arrived.
func (w *slidingWindow) finish(now time.Time) {
	w.inFlight--

	// Responses are recorded in the order finish is called; a clock that steps back
	// must not make the list unsorted.
	if n := len(w.ends); n > 0 && now.Before(w.ends[n-1]) {
		now = w.ends[n-1]
	}
	w.ends = append(w.ends, now)
}

// expire drops finished calls whose hold has passed.
func (w *slidingWindow) expire(now time.Time) {
	i := 0
	for i < len(w.ends) && !now.Before(w.ends[i].Add(w.hold)) {
		i++
	}
	if i > 0 {
		w.ends = append(w.ends[:0], w.ends[i:]...)
	}
}

// pacer makes workers wait for room in the sliding window and for any pause the service
// asked for, such as a Retry-After. It is safe for concurrent use.
type pacer struct {
	mu      sync.Mutex
	window  *slidingWindow // nil when pacing is disabled
	pause   time.Time      // no call starts before this time
	reason  string         // why the current pause was set
	changed chan struct{}  // closed and replaced whenever a waiter may proceed
}

func newPacer(p Pacing) *pacer {
	pc := &pacer{changed: make(chan struct{})}
	if !p.Disabled {
		p = p.withDefaults()
		pc.window = newSlidingWindow(p.Calls, p.Window+p.Margin)
	}
	return pc
}

// acquire waits until a call may start and counts it. The caller must call done once
// the call has an outcome. acquire returns the time it waited and ctx's error if ctx
// ends first.
func (p *pacer) acquire(ctx context.Context) (waited time.Duration, err error) {
	start := time.Now()
	for {
		p.mu.Lock()
		now := time.Now()
		wake := p.pause
		ok := !now.Before(p.pause)
		if ok && p.window != nil {
			ok, wake = p.window.reserve(now)
		}
		changed := p.changed
		p.mu.Unlock()

		if ok {
			return time.Since(start), nil
		}
		if err := p.wait(ctx, wake, changed); err != nil {
			return time.Since(start), err
		}
	}
}

func (p *pacer) wait(ctx context.Context, wake time.Time, changed <-chan struct{}) error {
	var timer <-chan time.Time
	if !wake.IsZero() {
		t := time.NewTimer(time.Until(wake))
		defer t.Stop()
		timer = t.C
	}

	select {
	case <-timer:
		return nil
	case <-changed:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// earlierCallResponseTime is how long after its start a call of an earlier process is
// taken to have received its response, since the call log records only starts.
//
// NOTE: an estimate. A call of the earlier process that took longer, and arrived at the
// service later, could share a window with this process's first calls.
const earlierCallResponseTime = time.Second

// seed counts calls that an earlier process started, so that a run resumed at once does
// not send a full window on top of the previous run's last one.
func (p *pacer) seed(starts []time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if p.window == nil {
		return
	}
	for _, start := range starts {
		p.window.ends = append(p.window.ends, start.Add(earlierCallResponseTime))
	}
	slices.SortFunc(p.window.ends, time.Time.Compare)
	if extra := len(p.window.ends) - p.window.calls; extra > 0 {
		p.window.ends = append(p.window.ends[:0], p.window.ends[extra:]...)
	}
	p.window.expire(time.Now())
}

// done records that a call acquired earlier has its response or failed.
func (p *pacer) done() {
	p.mu.Lock()
	defer p.mu.Unlock()

	if p.window != nil {
		p.window.finish(time.Now())
	}
	p.notify()
}

// pauseFor stops every worker from starting a call for d, unless a longer pause is
// already set. It returns the end of the pause in force.
func (p *pacer) pauseFor(d time.Duration, reason string) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()

	if until := time.Now().Add(d); until.After(p.pause) {
		p.pause = until
		p.reason = reason
	}
	return p.pause
}

// currentPause returns when the next call may start and why, or a zero time when one may
// start now. The reason is that of a pause every worker observes, or ReasonPacing when
// the window is full. With every counted call still in flight, the time is unknown and
// currentPause returns now.
func (p *pacer) currentPause() (until time.Time, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()

	now := time.Now()
	if now.Before(p.pause) {
		return p.pause, p.reason
	}
	if p.window == nil || !p.window.full(now) {
		return time.Time{}, ""
	}
	if retryAt := p.window.roomAt(); !retryAt.IsZero() {
		return retryAt, ReasonPacing
	}
	return now, ReasonPacing
}

func (p *pacer) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}
