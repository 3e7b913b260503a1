package bulkupload

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallLogDropsFutureAndSorts(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "run.calls")
	lines := fmt.Sprintf(callLogMagic+"\n%d\n%d\n%d\n%d\ntorn",
		now.Add(10*365*24*time.Hour).UnixMilli(), // a clock that was wrong
		now.Add(-2*time.Hour).UnixMilli(),
		now.Add(-23*time.Hour).UnixMilli(), // another run's line, out of order
		now.Add(-25*time.Hour).UnixMilli(), // outside the window
	)
	require.NoError(t, os.WriteFile(path, []byte(lines), 0o600))

	log, err := openCallLog(path, 24*time.Hour, now)
	require.NoError(t, err)
	defer log.close()

	assert.Equal(t, now.Add(-23*time.Hour).UnixMilli(), log.oldest().UnixMilli())
	used, ok, err := log.reserve(now, 3)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 2, used)
	_, ok, err = log.reserve(now, 3)
	require.NoError(t, err)
	assert.False(t, ok, "a budget of 3 holds no fourth call")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	want := fmt.Sprintf(callLogMagic+"\n%d\n%d\n%d\n", now.Add(-23*time.Hour).UnixMilli(), now.Add(-2*time.Hour).UnixMilli(), now.UnixMilli())
	assert.Equal(t, want, string(data), "the log keeps only the calls in the window, in order")
}
