package bulkupload

import (
	"sync"
	"testing"
	"time"
)

// TestReserveCallBudgetConcurrent calls reserveCall from 16 goroutines at once with a
// budget of one call. Exactly one reservation may succeed, however they interleave.
func TestReserveCallBudgetConcurrent(t *testing.T) {
	for attempt := range 2000 {
		calls, err := openCallLog("", 24*time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		opts := withUploaderDefaults(UploaderOptions{DailyCallBudget: 1})
		r := &run{opts: &opts, calls: calls}

		var start, done sync.WaitGroup
		var mu sync.Mutex
		granted := 0
		start.Add(1)
		for range 16 {
			done.Go(func() {
				start.Wait()
				if r.reserveCall() == nil {
					mu.Lock()
					granted++
					mu.Unlock()
				}
			})
		}
		start.Done()
		done.Wait()

		if granted != 1 {
			t.Fatalf("attempt %d: %d of 16 concurrent reservations succeeded with a budget of 1 call", attempt, granted)
		}
	}
}
