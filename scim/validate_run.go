package scim

import (
	"hash/maphash"
	"math"
	"strconv"
	"sync"
)

// runTracker remembers the externalIds of a run. To keep memory small, it stores a
// 64-bit hash of each externalId and the position where it was first seen, not the
// externalId itself, in an open-addressing table of 12 bytes a slot that is at most
// three quarters full. BenchmarkRunTrackerMemory measures the bytes per externalId.
//
// NOTE: two different externalIds whose hashes collide are reported as a repeat. The
// chance is about n²/2⁶⁵ for n records, 3 in 100 million for a million records.
type runTracker struct {
	seed maphash.Seed

	mu sync.Mutex

	// hashes and firsts are the table's slots; a zero hash marks an empty slot.
	hashes []uint64
	firsts []uint32
	used   int
}

const runTrackerInitialSlots = 1024

func newRunTracker() *runTracker {
	return &runTracker{
		seed:   maphash.MakeSeed(),
		hashes: make([]uint64, runTrackerInitialSlots),
		firsts: make([]uint32, runTrackerInitialSlots),
	}
}

// observe records externalID at position and returns the position of its first record
// when that is another position.
func (t *runTracker) observe(position int, externalID string) (first int, repeated bool) {
	h := maphash.String(t.seed, externalID)
	if h == 0 {
		h = 1 // zero marks an empty slot
	}

	t.mu.Lock()
	defer t.mu.Unlock()

	slot := t.find(h)
	if t.hashes[slot] == h {
		first = int(t.firsts[slot])
		return first, first != storedPosition(position)
	}

	t.hashes[slot] = h
	t.firsts[slot] = uint32(storedPosition(position))
	t.used++
	if t.used*4 > len(t.hashes)*3 {
		t.grow()
	}
	return 0, false
}

// storedPosition clamps a position to what a slot holds.
//
// NOTE: past 4,294,967,295 records, a repeat names that position instead of its first.
func storedPosition(position int) int {
	return int(min(uint64(position), math.MaxUint32))
}

// find returns the slot that holds h, or the empty slot where h belongs. The table always
// has an empty slot, so the probe ends.
func (t *runTracker) find(h uint64) int {
	mask := len(t.hashes) - 1
	slot := int(h) & mask
	for t.hashes[slot] != 0 && t.hashes[slot] != h {
		slot = (slot + 1) & mask
	}
	return slot
}

// grow doubles the table and moves every entry to its new slot.
func (t *runTracker) grow() {
	hashes, firsts := t.hashes, t.firsts
	t.hashes = make([]uint64, 2*len(hashes))
	t.firsts = make([]uint32, 2*len(firsts))
	for i, h := range hashes {
		if h != 0 {
			slot := t.find(h)
			t.hashes[slot] = h
			t.firsts[slot] = firsts[i]
		}
	}
}

// checkRunDuplicate reports a record whose externalId an earlier record of the run
// already carried. The service applies requests asynchronously and documents no order
// between them, so which record wins is undefined. A repeat inside the request being
// checked is left to RuleExternalIDDuplicate.
func (c *checker) checkRunDuplicate(u *User) {
	if c.v.run == nil || u == nil || isBlank(u.ExternalID) {
		return
	}

	first, repeated := c.v.run.observe(c.position, u.ExternalID)
	if !repeated || (first >= c.requestStart && first < c.requestEnd) {
		return
	}
	c.report(RuleExternalIDDuplicateInRun, "externalId",
		"externalId repeats the record at position "+strconv.Itoa(first)+
			" of this run; send one record per worker per run, because the service documents no order between requests")
}
