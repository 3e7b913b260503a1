package bulkupload

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const callLogMagic = "inbound-calls 1"

var errNotCallLog = fmt.Errorf("not a call log: its first line is not %q; pass a new file name", callLogMagic)

// callLog persists the times of recent calls so that a daily call budget holds across
// restarts. After a header line, each line is a call's Unix time in milliseconds. Lines
// older than the budget window are dropped when the log is opened.
type callLog struct {
	mu     sync.Mutex
	file   *os.File // nil when the log is kept in memory only
	window time.Duration
	calls  []time.Time
}

// openCallLog opens the call log at path, or keeps one in memory when path is empty. A
// file that is not a call log is left unchanged.
func openCallLog(path string, window time.Duration, now time.Time) (*callLog, error) {
	l := &callLog{window: window}
	if path == "" {
		return l, nil
	}

	lines, err := readCallLog(path)
	if err != nil {
		return nil, err
	}
	for _, line := range lines {
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
	contents := bytes.NewBufferString(callLogMagic + "\n")
	for _, t := range l.calls {
		fmt.Fprintf(contents, "%d\n", t.UnixMilli())
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, contents.Bytes(), 0o600); err != nil {
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

// readCallLog returns the lines after the header of the call log at path, or none when
// the file does not exist, is empty, or holds only part of a header. It checks the
// header before it reads further.
func readCallLog(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read call log: %w", err)
	}
	defer f.Close()

	reader := bufio.NewReader(f)
	header, err := reader.ReadString('\n')
	if errors.Is(err, io.EOF) && strings.HasPrefix(callLogMagic+"\n", header) {
		return nil, nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read call log: %w", err)
	}
	if header != callLogMagic+"\n" {
		return nil, fmt.Errorf("call log %s: %w", path, errNotCallLog)
	}

	rest, err := io.ReadAll(reader)
	if err != nil {
		return nil, fmt.Errorf("read call log: %w", err)
	}
	return strings.Split(string(rest), "\n"), nil
}

// reserve records a call at now unless budget calls, when budget is positive, already
// lie in the window. It returns the calls in the window before this one and whether the
// call was recorded. Checking and recording under one lock keeps concurrent workers from
// passing the budget together.
func (l *callLog) reserve(now time.Time, budget int) (used int, ok bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	i := 0
	for i < len(l.calls) && now.Sub(l.calls[i]) >= l.window {
		i++
	}
	l.calls = l.calls[i:]

	used = len(l.calls)
	if budget > 0 && used >= budget {
		return used, false, nil
	}

	l.calls = append(l.calls, now)
	if l.file != nil {
		// The write is not synced: the page cache keeps it across a process crash, and
		// only a power loss could lose it.
		_, err = fmt.Fprintf(l.file, "%d\n", now.UnixMilli())
	}
	return used, true, err
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

func (l *callLog) close() error {
	if l.file == nil {
		return nil
	}
	return l.file.Close()
}
