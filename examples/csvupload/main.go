// Command csvupload sends the workers of an HR export in CSV form to a Microsoft Entra
// API-driven provisioning job through the Graph bulkUpload endpoint.
//
// With no flags it reads an embedded sample of 25 invented workers and uploads them to an
// in-process simulator of the endpoint, so it runs without a tenant:
//
//	go run ./examples/csvupload
//	go run ./examples/csvupload -dry-run
//	go run ./examples/csvupload -csv workers.csv -resume workers.journal -endpoint 'https://graph.microsoft.com/beta/servicePrincipals/.../bulkUpload'
//
// With -endpoint it authenticates with azidentity's DefaultAzureCredential, whose token
// needs the application permission SynchronizationData-User.Upload.
//
// # Input
//
// The file needs a header row. Columns are found by name, without regard to case; the
// columns WorkerID, WorkerStatus, FirstName, LastName and UserID are required, and unknown
// columns are ignored. See mapping.go for the attribute each column becomes.
//
// # Flags
//
//	-csv FILE           read workers from FILE (default: the embedded sample)
//	-endpoint URL       send to this Provisioning API Endpoint (default: an in-process simulator)
//	-batch N            operations per request, 1 to 50 (default 50)
//	-concurrency N      requests in flight at once (default 4)
//	-daily-budget N     stop before making more than N calls in any 24 hours (default 0: no budget)
//	-resume FILE        keep a checkpoint journal in FILE and skip what it records as accepted
//	-force-resume       with -resume, send again the requests whose rows changed
//	-strict             reject rows that validation only warns about
//	-dry-run            print each request body as JSON on stdout and send nothing
//
// # Upload
//
// The upload runs on bulkupload.Uploader. Each user is checked with scim.Validator: a
// row that cannot be mapped or has a validation error is rejected and skipped, and a row
// with only warnings is sent, unless -strict is given. Requests are paced to 40 calls in
// any 5 seconds, the limit on Microsoft's Entra pages of 2025 and 2026. A few are kept in
// flight, and throttling (HTTP 429) and transient failures are retried, so requests may
// be accepted out of file order. The service resolves a manager only against records it
// received before or in the same request, so list managers before their reports or run
// the upload twice.
//
// With -resume FILE the Uploader records each accepted request in FILE. When the run
// stops, whether by Ctrl-C, a failure or the -daily-budget, running it again with the
// same -csv and -resume skips the requests that FILE records and sends the rest. FILE.calls
// keeps the call times that -daily-budget counts, so the budget holds across runs.
//
// Ctrl-C stops the run: no new request is started, the requests in flight finish, and
// the summary is written. A second Ctrl-C ends the program at once.
//
// # Output
//
// Stdout gets one line per accepted request (its number, operations, first line, status
// and request-id), then the job's provisioning logs URL from the Location header and a
// summary: records read, sent, rejected, failed and skipped by -resume; requests; calls,
// retries and 429 responses; time elapsed and waited; calls per second.
//
// Stderr gets rejected rows and warnings with their line number, externalId, JSON path
// and rule. It also gets retries with their reason and wait, and failed requests with the
// HTTP status, Graph's error code and message and the request-id. At the end it explains what
// to do about rows that were not sent. Rows are named by line and externalId, and no
// other attribute value is printed, except in the request bodies of a dry run and in
// whatever Graph's error messages quote.
//
// When stderr is a terminal, a progress line is redrawn there a few times a second:
// records sent of the rows in the file, calls per second over the last 5 seconds, and
// the wait in force and its reason, such as a Retry-After.
//
// In a dry run, stdout carries only the JSON request bodies, and everything else goes to
// stderr.
//
// # Exit status
//
//	0    every row was sent, or skipped because the journal records it as accepted
//	1    the run failed: a request failed, the service stopped the run (such as with
//	     HTTP 403), the daily budget or quota was reached, the file changed since the
//	     journal was written, or the file could not be read
//	2    invalid flags
//	3    the run finished and sent every valid row, but rejected some rows
//	130  interrupted with Ctrl-C
package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/signal"
)

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(exitUsage)
	}
	cfg.progress = !cfg.dryRun && isTerminal(os.Stderr)

	// After the first Ctrl-C the run winds down. Restoring the default handling then lets
	// a second Ctrl-C end the program at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	context.AfterFunc(ctx, stop)

	res, err := run(ctx, cfg, os.Stdout, os.Stderr)
	stop()
	os.Exit(conclude(os.Stderr, res, err))
}
