package bulkupload

import (
	"math/rand/v2"
	"time"
)

// Default retry settings of the Uploader, which retries on its own instead of through the
// client's pipeline so that one 429 can pause every worker.
const (
	// DefaultUploaderMaxRetries is how many times the Uploader resends one request after
	// a transient failure before it reports the request failed.
	DefaultUploaderMaxRetries = 8

	// DefaultBackoffBase and DefaultBackoffMax bound the exponential backoff used when
	// the service gives no Retry-After.
	DefaultBackoffBase = 1 * time.Second
	DefaultBackoffMax  = 2 * time.Minute

	// DefaultBucketFullPause is the wait after a 500 whose message reports the job's
	// ingestion bucket is full. Microsoft advises waiting 5 to 10 minutes (Entra
	// troubleshooting page, 2026).
	DefaultBucketFullPause = 5 * time.Minute
)

// backoff returns the wait before retry number attempt (from 1): an exponential delay
// from base, capped at maxDelay, with "equal jitter" so that workers that failed together
// do not retry together. The result lies in [d/2, d) for the capped delay d.
func backoff(attempt int, base, maxDelay time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxDelay; i++ {
		d *= 2
	}
	d = min(d, maxDelay)
	if d <= 1 {
		return d
	}

	half := d / 2
	return half + rand.N(d-half)
}
