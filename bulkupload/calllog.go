package bulkupload

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// callLog persists the times of recent calls so that a daily call budget holds across
// restarts. Each line is a call's Unix time in milliseconds; lines older than the budget
// window are dropped when the log is opened.
type callLog struct {
	mu     sync.Mutex
	file   *os.File // nil when the log is kept in memory only
	window time.Duration
	calls  []time.Time
}

func openCallLog(path string, window time.Duration, now time.Time) (*callLog, error) {
	l := &callLog{window: window}
	if path == "" {
		return l, nil
	}

	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read call log: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		ms, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
		if err != nil {
			continue // a torn or empty line
		}
		// A time in the future comes from a clock that was wrong; it would block the
		// budget until then, so it is dropped.
		if t := time.UnixMilli(ms); now.Sub(t) < window && !t.After(now) {
			l.calls = append(l.calls, t)
		}
	}

	// Two runs that shared the log may have interleaved their lines.
	slices.SortFunc(l.calls, time.Time.Compare)

	// Rewrite the log with the calls still in the window, replacing it atomically.
	var kept bytes.Buffer
	for _, t := range l.calls {
		fmt.Fprintf(&kept, "%d\n", t.UnixMilli())
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, kept.Bytes(), 0o600); err != nil {
		return nil, fmt.Errorf("write call log: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("write call log: %w", err)
	}

	l.file, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open call log: %w", err)
	}
	return l, nil
}

// count returns the number of calls within the window before now.
func (l *callLog) count(now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()

	i := 0
	for i < len(l.calls) && now.Sub(l.calls[i]) >= l.window {
		i++
	}
	l.calls = l.calls[i:]
	return len(l.calls)
}

// oldest returns the time of the oldest call in the window, or a zero time.
func (l *callLog) oldest() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()

	if len(l.calls) == 0 {
		return time.Time{}
	}
	return l.calls[0]
}

// since returns the times of the calls after t, oldest first.
func (l *callLog) since(t time.Time) []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()

	i, _ := slices.BinarySearchFunc(l.calls, t, time.Time.Compare)
	return slices.Clone(l.calls[i:])
}

// add records a call at now. The write is not synced: the page cache keeps it across a
// process crash, and only a power loss could lose it.
func (l *callLog) add(now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.calls = append(l.calls, now)
	if l.file == nil {
		return nil
	}
	_, err := fmt.Fprintf(l.file, "%d\n", now.UnixMilli())
	return err
}

func (l *callLog) close() error {
	if l.file == nil {
		return nil
	}
	return l.file.Close()
}
