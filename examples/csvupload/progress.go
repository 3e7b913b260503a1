package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/inbound-go/inbound/bulkupload"
)

// defaultProgressInterval is how often the progress line is redrawn: often enough for
// the wait countdown to look live, rarely enough to cost nothing.
const defaultProgressInterval = 250 * time.Millisecond

// maxProgressWidth bounds the progress line. The terminal's width is unknown without a
// terminal library, and a line that wraps cannot be redrawn with a carriage return, so
// the line is kept within 80 columns, the traditional terminal width.
const maxProgressWidth = 79

// isTerminal reports whether f is a character device, such as a terminal. /dev/null is
// one too, which does no harm: the progress line is then discarded.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// startProgress redraws the progress line of up on out every interval until the
// returned function is called, which also clears the line. total holds the number of
// rows, or unknownTotal.
func startProgress(out *console, up *bulkupload.Uploader, total *atomic.Int64, interval time.Duration) (stop func()) {
	done := make(chan struct{})
	rate := newCallRate(time.Now(), bulkupload.DefaultPacingWindow)
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case now := <-ticker.C:
				p := up.Progress()
				out.draw(formatProgress(p, int(total.Load()), rate.observe(now, p.Calls), now))
			case <-done:
				return
			}
		}
	})

	return func() {
		close(done)
		wg.Wait()
		out.clear()
	}
}

// formatProgress returns the progress line for p, for example
//
//	sent 1200 of 5000 (25% done) · 3 rejected · 7.9 calls/s · waiting 3.2s: throttled
//
// total is the number of rows in the input, or unknownTotal (or less than 1) when it is
// not known. The percentage counts every row with an outcome, rejected, failed and
// skipped rows included, so it reaches 100% when the input is done. callsPerSecond is
// the rate to show. The wait shows while a call cannot start at now: during a pause
// that every worker observes, such as a Retry-After, or while the pacing window is full.
func formatProgress(p bulkupload.Progress, total int, callsPerSecond float64, now time.Time) string {
	var parts []string

	if total > 0 {
		done := p.Sent + p.Skipped + p.Rejected + p.Failed
		parts = append(parts, fmt.Sprintf("sent %d of %d (%d%% done)", p.Sent, total, min(done*100/total, 100)))
	} else {
		parts = append(parts, fmt.Sprintf("sent %d", p.Sent))
	}

	for _, count := range []struct {
		n     int
		label string
	}{{p.Skipped, "skipped"}, {p.Rejected, "rejected"}, {p.Failed, "failed"}} {
		if count.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count.n, count.label))
		}
	}

	parts = append(parts, fmt.Sprintf("%.1f calls/s", callsPerSecond))

	if wait := p.PausedUntil.Sub(now); !p.PausedUntil.IsZero() && wait > 0 {
		// A wait under 50 ms would round to "0s", which reads as no wait.
		wait = max(wait.Round(100*time.Millisecond), 100*time.Millisecond)
		parts = append(parts, fmt.Sprintf("waiting %s: %s", wait, p.PauseReason))
	}

	return truncate(strings.Join(parts, " · "), maxProgressWidth)
}

// truncate shortens s to at most width runes, ending it with "…" when it cut.
func truncate(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	runes := []rune(s)
	return string(runes[:width-1]) + "…"
}

// callRate measures the call rate over a trailing window. An average since the start
// would overstate the rate early on, because the pacer allows a burst of 40 calls and
// then none until the window slides. The burst would read as 40 calls/s against a limit
// of 8. The calls in the window that the service counts in, divided by its length, never
// show more than the limit allows. It is not safe for concurrent use.
type callRate struct {
	window time.Duration

	// samples holds the call counts observed, oldest first, back to the newest one
	// that is at least window old.
	samples []rateSample
}

type rateSample struct {
	at    time.Time
	calls int
}

// newCallRate returns a callRate for a run that started at start with no calls.
func newCallRate(start time.Time, window time.Duration) *callRate {
	return &callRate{window: window, samples: []rateSample{{at: start}}}
}

// observe records that calls were made by now and returns the calls per second over
// the window that ends at now.
func (r *callRate) observe(now time.Time, calls int) float64 {
	r.samples = append(r.samples, rateSample{at: now, calls: calls})

	cutoff := now.Add(-r.window)
	oldest := 0
	for oldest+1 < len(r.samples) && !r.samples[oldest+1].at.After(cutoff) {
		oldest++
	}
	r.samples = r.samples[oldest:]

	return float64(calls-r.samples[0].calls) / r.window.Seconds()
}
