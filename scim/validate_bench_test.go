package scim

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkValidateUser measures the checks of one valid record with every attribute
// set. "record rules" leaves the run's externalId set out. "run tracking" gives each
// record a new externalId, so its allocs/op includes the set's growth, spread over
// b.N records.
func BenchmarkValidateUser(b *testing.B) {
	b.Run("record rules", func(b *testing.B) {
		v, err := NewValidator(&ValidatorOptions{Disabled: []Rule{RuleExternalIDDuplicateInRun}})
		if err != nil {
			b.Fatal(err)
		}
		u := validRecord("1001")
		dst := make([]Problem, 0, 8)

		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			dst = v.AppendUserProblems(dst[:0], i, u)
		}
		if len(dst) > 0 {
			b.Fatal(dst)
		}
	})

	b.Run("run tracking", func(b *testing.B) {
		v, err := NewValidator(nil)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]string, b.N)
		for i := range ids {
			ids[i] = strconv.Itoa(100000 + i)
		}
		u := validRecord("1001")
		u.Enterprise.Manager.Value = "99999"
		dst := make([]Problem, 0, 8)

		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			u.ExternalID = ids[i]
			dst = v.AppendUserProblems(dst[:0], i, u)
		}
		if len(dst) > 0 {
			b.Fatal(dst)
		}
	})
}

// BenchmarkValidateRequest measures a full request of 50 valid operations.
func BenchmarkValidateRequest(b *testing.B) {
	v, err := NewValidator(&ValidatorOptions{Disabled: []Rule{RuleExternalIDDuplicateInRun}})
	if err != nil {
		b.Fatal(err)
	}
	r := validRequest(maxOperations)
	dst := make([]Problem, 0, 8)

	b.ReportAllocs()
	for b.Loop() {
		dst = v.AppendRequestProblems(dst[:0], r, 0)
	}
	if len(dst) > 0 {
		b.Fatal(dst)
	}
}

// BenchmarkLint measures linting a raw payload of three operations with 16 problems.
func BenchmarkLint(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "lint-sample-defects.json"))
	if err != nil {
		b.Fatal(err)
	}

	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Lint(data)
	}
}

// BenchmarkRunTrackerMemory reports the heap that the run's externalId set holds per
// distinct externalId after 500,000 records.
func BenchmarkRunTrackerMemory(b *testing.B) {
	const records = 500_000
	ids := make([]string, records)
	for i := range ids {
		ids[i] = strconv.Itoa(10_000_000 + i)
	}

	var perID float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)

		tracker := newRunTracker()
		for i, id := range ids {
			tracker.observe(i, id)
		}

		runtime.GC()
		runtime.ReadMemStats(&after)
		perID = float64(after.HeapAlloc-before.HeapAlloc) / records
		runtime.KeepAlive(tracker)
	}
	b.ReportMetric(perID, "B/externalId")
}
