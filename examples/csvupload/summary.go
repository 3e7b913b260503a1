package main

import (
	"time"
)

// printSummary writes the Location and the counts of a run to stdout, or to stderr in a
// dry run, where stdout carries only JSON.
func printSummary(out *console, res result) {
	write := out.printf
	if res.DryRun {
		write = out.errorf
	}

	if res.Location != "" {
		write("Location: %s", res.Location)
	}

	if res.DryRun {
		write("summary (dry run, nothing sent):")
		write("  records   %d read: %d printed, %d rejected", res.Read, res.Sent, res.Rejected)
		write("  requests  %d printed", res.Requests)
		write("  time      %s elapsed", res.Elapsed.Round(time.Millisecond))
		return
	}

	write("summary:")
	write("  records   %d read: %d sent, %d rejected, %d failed, %d skipped",
		res.Read, res.Sent, res.Rejected, res.Failed, res.Skipped)
	if res.Skipped > 0 {
		write("  resume    %d %s skipped because the journal %s records them as accepted",
			res.Skipped, plural(res.Skipped, "record was", "records were"), res.Journal)
	}
	write("  requests  %d accepted, %d failed, %d skipped", res.Requests, res.FailedRequests, res.SkippedRequests)
	write("  calls     %d made, %d %s, %d throttled (HTTP 429), %.1f calls/s",
		res.Calls, res.Retries, plural(res.Retries, "retry", "retries"), res.Throttled, res.CallsPerSecond())
	write("  time      %s elapsed, %s waited (summed over concurrent requests)",
		res.Elapsed.Round(time.Millisecond), res.Waited.Round(time.Millisecond))
}
