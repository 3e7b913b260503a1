package bulkupload_test

import (
	"context"
	"errors"
	"flag"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/internal/hrdata"
	"github.com/inbound-go/inbound/scim"
)

var pacingDuration = flag.Duration("pacing.duration", 65*time.Second, "how long each strategy of BenchmarkPacing runs")

// BenchmarkPacing sends requests for a fixed time against a simulator that enforces the
// documented limit (40 calls in any 5 s, throttled calls counted) with 10 to 50 ms of
// latency. It reports the achieved rate against the limit's 8 calls per second, and the
// 429s the simulator sent. Each strategy runs twice: once against 429s that carry an exact
// Retry-After, and once against 429s without one, as the bulkUpload pages document them.
// Run it with -benchtime=1x: each case runs once for -pacing.duration.
func BenchmarkPacing(b *testing.B) {
	strategies := []struct {
		name string
		run  func(ctx context.Context, client *bulkupload.Client, requests <-chan *scim.BulkRequest)
	}{
		{"uploader", runUploaderStrategy},
		{"one-at-a-time", runSequentialStrategy},
		{"token-bucket", runTokenBucketStrategy},
	}
	for _, noRetryAfter := range []bool{false, true} {
		header := "retry-after"
		if noRetryAfter {
			header = "no-retry-after"
		}
		for _, s := range strategies {
			b.Run(header+"/"+s.name, func(b *testing.B) {
				for b.Loop() {
					measurePacing(b, noRetryAfter, s.run)
				}
			})
		}
	}
}

func measurePacing(b *testing.B, noRetryAfter bool, strategy func(context.Context, *bulkupload.Client, <-chan *scim.BulkRequest)) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		CountsOnly:     true,
		CountThrottled: true,
		NoRetryAfter:   noRetryAfter,
		Latency:        10 * time.Millisecond,
		LatencyJitter:  40 * time.Millisecond,
	})
	defer srv.Close()
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	if err != nil {
		b.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *pacingDuration)
	defer cancel()
	requests := make(chan *scim.BulkRequest)
	go func() {
		defer close(requests)
		batches, _ := bulkupload.Batches(hrdata.Users(1, 1<<30), bulkupload.MaxOperations)
		for req := range batches {
			select {
			case requests <- req:
			case <-ctx.Done():
				return
			}
		}
	}()

	start := time.Now()
	strategy(ctx, client, requests)
	elapsed := time.Since(start)

	stats := srv.Stats()
	perSecond := float64(stats.Accepted) / elapsed.Seconds()
	b.ReportMetric(perSecond, "accepted-calls/s")
	b.ReportMetric(perSecond/8, "efficiency")
	b.ReportMetric(sustainedRate(srv.Calls())/8, "sustained-efficiency")
	b.ReportMetric(float64(stats.ByStatus[http.StatusTooManyRequests]), "429s")
	b.ReportMetric(elapsed.Seconds(), "seconds")
}

func runUploaderStrategy(ctx context.Context, client *bulkupload.Client, requests <-chan *scim.BulkRequest) {
	up, _ := bulkupload.NewUploader(client, nil)
	users := func(yield func(*scim.User, error) bool) {
		for req := range requests {
			for _, op := range req.Operations {
				if !yield(op.Data, nil) {
					return
				}
			}
		}
	}
	_, _ = up.Run(ctx, users)
}

// runSequentialStrategy sends one request at a time with the client's default retries,
// as Microsoft's samples do, but with retries.
func runSequentialStrategy(ctx context.Context, client *bulkupload.Client, requests <-chan *scim.BulkRequest) {
	for req := range requests {
		if _, err := client.Upload(ctx, req, nil); errors.Is(err, context.DeadlineExceeded) {
			return
		}
	}
}

// runTokenBucketStrategy sends with four workers behind a token bucket of burst 40 and 8
// per second, the naive reading of "40 calls in 5 s", with the client's default retries.
func runTokenBucketStrategy(ctx context.Context, client *bulkupload.Client, requests <-chan *scim.BulkRequest) {
	limiter := rate.NewLimiter(8, 40)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for req := range requests {
				if limiter.Wait(ctx) != nil {
					return
				}
				_, _ = client.Upload(ctx, req, nil)
			}
		})
	}
	wg.Wait()
}

// sustainedRate returns the rate of accepted calls that a long run approaches. The first
// window's burst makes a short run's average too high, so the rate is measured per call
// instead: 40 calls divided by the mean time between each accepted call and the one 40
// calls before it.
func sustainedRate(calls []bulkuploadtest.Call) float64 {
	var times []time.Time
	for _, c := range calls {
		if c.Status == http.StatusAccepted {
			times = append(times, c.Time)
		}
	}
	slices.SortFunc(times, time.Time.Compare)

	const span = bulkupload.DefaultPacingCalls
	if len(times) <= span {
		return 0
	}
	var total time.Duration
	for i := span; i < len(times); i++ {
		total += times[i].Sub(times[i-span])
	}
	meanGap := total / time.Duration(len(times)-span)
	return span / meanGap.Seconds()
}
