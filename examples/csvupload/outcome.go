package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/inbound-go/inbound/bulkupload"
)

// Exit statuses. 130 is what shells report for a process ended by SIGINT.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitRejected    = 3
	exitInterrupted = 130
)

// conclude writes to w why the run did not send every row, if it did not, and what to
// do next, and returns the exit status.
func conclude(w io.Writer, res result, err error) int {
	var stop *bulkupload.StopError
	var quota *bulkupload.QuotaError
	switch {
	case err == nil && res.Failed == 0 && res.Rejected == 0:
		return exitOK

	case errors.As(err, &stop):
		fmt.Fprintf(w, "csvupload: the run stopped because every request would fail alike: %s\n", bulkupload.DescribeError(stop.Err))
		fmt.Fprintf(w, "csvupload: to fix it, %s\n", stop.Hint)
		adviseResume(w, res)
		return exitFailed

	case errors.As(err, &quota):
		explainQuota(w, quota)
		adviseResume(w, res)
		return exitFailed

	case errors.Is(err, bulkupload.ErrInputChanged):
		fmt.Fprintf(w, "csvupload: the CSV file no longer matches the journal %s: a request that the journal records as accepted would now carry other rows or values\n", res.Journal)
		fmt.Fprintln(w, "csvupload: run again with the file of the earlier run; or add -force-resume to send the changed requests again; or give a new -resume file to send every row again")
		return exitFailed

	case errors.Is(err, context.Canceled):
		if res.DryRun {
			fmt.Fprintln(w, "csvupload: interrupted")
			return exitInterrupted
		}
		fmt.Fprintln(w, "csvupload: interrupted; the requests in flight finished first")
		adviseResume(w, res)
		return exitInterrupted

	case err != nil:
		fmt.Fprintf(w, "csvupload: %v\n", err)
		if res.Read > 0 && !res.DryRun {
			adviseResume(w, res)
		}
		return exitFailed

	case res.Failed > 0:
		fmt.Fprintf(w, "csvupload: %d %s in %d %s failed, see the lines starting with \"request\"\n",
			res.Failed, plural(res.Failed, "record", "records"), res.FailedRequests, plural(res.FailedRequests, "request", "requests"))
		adviseResume(w, res)
		return exitFailed
	}

	fmt.Fprintf(w, "csvupload: %d %s rejected, see the lines starting with \"rejected\"\n",
		res.Rejected, plural(res.Rejected, "row was", "rows were"))
	return exitRejected
}

// explainQuota writes which daily limit stopped the run and when calls fit again.
func explainQuota(w io.Writer, quota *bulkupload.QuotaError) {
	if quota.Budget > 0 {
		fmt.Fprintf(w, "csvupload: the run stopped at its -daily-budget of %d %s: %d were made in the last 24 hours\n",
			quota.Budget, plural(quota.Budget, "call", "calls"), quota.Used)
		if !quota.ResumeAt.IsZero() {
			fmt.Fprintf(w, "csvupload: the next call fits the budget at %s\n", quota.ResumeAt.Local().Format(time.RFC3339))
		}
		return
	}

	// 2,000 and 6,000 calls in 24 hours per tenant: Entra API-driven provisioning
	// pages, 2026.
	fmt.Fprintf(w, "csvupload: the service reports the tenant's daily call quota used up: %s\n", bulkupload.DescribeError(quota.Err))
	fmt.Fprintln(w, "csvupload: the quota is 2,000 calls in any 24 hours with Entra ID P1 or P2 and 6,000 with Entra ID Governance; wait for older calls to leave that window")
}

// adviseResume writes how many rows were not sent and how to send them.
func adviseResume(w io.Writer, res result) {
	switch {
	case res.Read == 0:
		fmt.Fprintln(w, "csvupload: no row was sent")
	case res.InputComplete:
		fmt.Fprintf(w, "csvupload: %d %s not sent\n", res.Failed, plural(res.Failed, "record was", "records were"))
	default:
		fmt.Fprintf(w, "csvupload: %d %s not sent, and the rows after line %d were not read\n",
			res.Failed, plural(res.Failed, "record was", "records were"), res.LastLine)
	}

	if res.Journal != "" {
		fmt.Fprintf(w, "csvupload: to send the rest, run again with the same -csv and -resume %s; it skips the requests that the journal records as accepted\n", res.Journal)
		return
	}
	fmt.Fprintln(w, "csvupload: to send the rest, run again. This run kept no journal, so the next run sends every row again, which the job applies as updates; add -resume FILE so that a run after it can skip what was accepted")
}
