package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

// reporter turns the Uploader's events into output lines. Accepted requests go to
// stdout, and retries, failures, rejected rows and warnings go to stderr. Records are named
// by the line of the CSV file on which their row starts, and by externalId, never by
// attribute values. The Uploader calls one method at a time, so reporter needs no lock
// of its own.
type reporter struct {
	out   *console
	lines *lineIndex

	// reportedRows counts the rejected rows and rows with warnings reported so far;
	// after maxReportedRows, the rest are only counted in the summary.
	reportedRows int

	// location is the Location header of the last accepted request, the job's
	// provisioning logs URL.
	location string
}

func (r *reporter) sent(e bulkupload.SentEvent) {
	if e.Response.Location != "" {
		r.location = e.Response.Location
	}

	attempts := ""
	if e.Attempts > 1 {
		attempts = fmt.Sprintf(", after %d attempts", e.Attempts)
	}
	status := e.Response.StatusCode
	r.out.printf("request %d: %s from line %d, %d %s, request-id %s%s",
		e.Request, operationCount(len(e.BulkIDs)), r.lines.line(e.FirstPosition),
		status, http.StatusText(status), e.Response.RequestID, attempts)
}

func (r *reporter) retry(e bulkupload.RetryEvent) {
	cause := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.StatusCode == 0 {
		cause = e.Err.Error()
	}

	next := "retrying now"
	switch {
	case e.Reason == bulkupload.ReasonThrottled || e.Reason == bulkupload.ReasonBucketFull:
		next = fmt.Sprintf("every request waits %s", e.Wait.Round(time.Millisecond))
	case e.Wait > 0:
		next = fmt.Sprintf("retrying in %s", e.Wait.Round(time.Millisecond))
	}
	r.out.errorf("request %d: attempt %d failed with %s (%s); %s", e.Request, e.Attempt, cause, e.Reason, next)
}

func (r *reporter) failed(e bulkupload.FailedEvent) {
	label := fmt.Sprintf("request %d: %s from line %d", e.Request, operationCount(len(e.BulkIDs)), r.lines.line(e.FirstPosition))

	// A request that was never sent failed because the run stopped, and the reason is
	// printed once at the end rather than with each request.
	if e.Attempts == 0 && stoppedRun(e.Err) {
		r.out.errorf("%s not sent: the run stopped", label)
		return
	}
	if e.Attempts == 0 {
		r.out.errorf("%s not sent: %s", label, bulkupload.DescribeError(e.Err))
		return
	}
	r.out.errorf("%s failed after %d %s: %s", label, e.Attempts, plural(e.Attempts, "attempt", "attempts"), bulkupload.DescribeError(e.Err))
}

// stoppedRun reports whether err is one of the errors that end a whole run.
func stoppedRun(err error) bool {
	var stop *bulkupload.StopError
	var quota *bulkupload.QuotaError
	return errors.As(err, &stop) || errors.As(err, &quota) ||
		errors.Is(err, bulkupload.ErrInputChanged) || errors.Is(err, context.Canceled)
}

// maxReportedRows is how many rejected rows and rows with warnings are described one by
// one. An export with a systematic fault would otherwise print a line for each of
// possibly millions of rows.
const maxReportedRows = 200

// reportRow reports whether another row may be described, and prints a notice once when no more
// will be.
func (r *reporter) reportRow() bool {
	r.reportedRows++
	if r.reportedRows == maxReportedRows+1 {
		r.out.errorf("more rows were rejected or have warnings; the summary counts them, and only the first %d are described", maxReportedRows)
	}
	return r.reportedRows <= maxReportedRows
}

func (r *reporter) rejected(e bulkupload.RejectedEvent) {
	if !r.reportRow() {
		return
	}

	// A row that could not be read or mapped carries its own lines and externalId.
	var rowErr *rowError
	if errors.As(e.Err, &rowErr) {
		r.out.errorf("rejected %v", rowErr)
		return
	}
	if e.Problems == nil {
		r.out.errorf("rejected line %d: %v", r.lines.line(e.Position), e.Err)
		return
	}
	r.problems("rejected", e.Position, e.ExternalID, e.Problems)
}

func (r *reporter) warnings(e bulkupload.WarningEvent) {
	if !r.reportRow() {
		return
	}
	r.problems("warning", e.Position, e.ExternalID, e.Problems)
}

// problems writes one line per validation problem: its path, severity, rule and message.
// scim's messages name fields and rules, never values.
func (r *reporter) problems(prefix string, position int, externalID string, problems scim.Problems) {
	line := r.lines.line(position)
	for _, p := range problems {
		path := ""
		if p.Path != "" {
			path = p.Path + ": "
		}
		r.out.errorf("%s line %d (externalId %s): %s%s %s: %s",
			prefix, line, externalID, path, p.Severity, p.Rule, r.lines.replacePositions(p.Message))
	}
}

func operationCount(n int) string {
	return fmt.Sprintf("%d %s", n, plural(n, "operation", "operations"))
}
