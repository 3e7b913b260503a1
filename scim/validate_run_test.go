package scim

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunTrackerAcrossGrowth(t *testing.T) {
	const n = 50_000
	tracker := newRunTracker()
	for i := range n {
		_, repeated := tracker.observe(i, "worker-"+strconv.Itoa(i))
		require.False(t, repeated, "first sight of worker %d", i)
	}
	assert.Equal(t, n, tracker.used)
	assert.GreaterOrEqual(t, len(tracker.hashes)*3, n*4, "the table must stay at most three quarters full")

	for i := range n {
		first, repeated := tracker.observe(n+i, "worker-"+strconv.Itoa(i))
		require.True(t, repeated, "repeat of worker %d", i)
		require.Equal(t, i, first)
	}
	assert.Equal(t, n, tracker.used, "repeats add no entries")
}

func TestRunTrackerSamePositionIsNoRepeat(t *testing.T) {
	tracker := newRunTracker()
	tracker.observe(7, "1001")

	_, repeated := tracker.observe(7, "1001")
	assert.False(t, repeated)
}
