package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

// upload sends the reader's users through a bulkupload.Uploader and writes the summary.
// See run for what it writes and returns.
func upload(ctx context.Context, cfg config, name string, reader *csvReader, validator *scim.Validator,
	out *console) (result, error) {
	res := result{Journal: cfg.journal}

	client, closeClient, err := newClient(cfg, out)
	if err != nil {
		return res, err
	}
	defer closeClient()

	rep := &reporter{out: out, lines: reader.lines}
	up, err := bulkupload.NewUploader(client, uploaderOptions(cfg, validator, rep))
	if err != nil {
		return res, err
	}
	announceJournal(out, cfg.journal)

	// A failed read stops the run as an interrupt does, rather than sending the rows read
	// so far as a short last request. A resumed run would rebuild that request in full,
	// and it would then differ from the journal's record of it.
	uploadCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var readErr error
	records := func(yield func(*scim.User, error) bool) {
		for u, err := range reader.users() {
			var rowErr *rowError
			if err != nil && !errors.As(err, &rowErr) {
				readErr = err
				cancel(err)
				return
			}
			if !yield(u, err) {
				return
			}
		}
	}

	stopNotice := context.AfterFunc(ctx, func() {
		out.errorf("interrupted: waiting for the requests in flight to finish; press Ctrl-C again to quit at once")
	})
	sum, err := runWithProgress(uploadCtx, cfg, up, out, records)
	stopNotice()

	res.Summary = sum
	res.Location = rep.location
	res.InputComplete = reader.complete
	res.LastLine = reader.line
	if readErr != nil {
		err = fmt.Errorf("%s: %w", name, readErr)
	}
	printSummary(out, res)
	return res, err
}

// runWithProgress runs up over records, drawing the progress line while it runs when
// cfg.progress is set.
func runWithProgress(ctx context.Context, cfg config, up *bulkupload.Uploader, out *console,
	records iter.Seq2[*scim.User, error]) (bulkupload.Summary, error) {
	if !cfg.progress {
		return up.Run(ctx, records)
	}

	countCtx, stopCount := context.WithCancel(ctx)
	defer stopCount()
	total := countRowsInBackground(countCtx, cfg.csvPath)

	interval := cfg.progressInterval
	if interval <= 0 {
		interval = defaultProgressInterval
	}
	stopProgress := startProgress(out, up, total, interval)
	defer stopProgress()

	return up.Run(ctx, records)
}

// uploaderOptions maps the flags to the Uploader's options and routes its events to rep.
func uploaderOptions(cfg config, validator *scim.Validator, rep *reporter) *bulkupload.UploaderOptions {
	return &bulkupload.UploaderOptions{
		BatchSize:       cfg.batchSize,
		Concurrency:     cfg.concurrency,
		Validator:       validator,
		Journal:         cfg.journal,
		ForceResume:     cfg.forceResume,
		DailyCallBudget: cfg.dailyBudget,
		BackoffBase:     cfg.backoffBase,
		BackoffMax:      cfg.backoffMax,

		OnSent:     rep.sent,
		OnRetry:    rep.retry,
		OnFailed:   rep.failed,
		OnRejected: rep.rejected,
		OnWarnings: rep.warnings,
	}
}

// announceJournal writes at the start whether the run resumes from an earlier one.
func announceJournal(out *console, journal string) {
	if journal == "" {
		return
	}

	info, err := os.Stat(journal)
	if err == nil && info.Size() > 0 {
		out.errorf("resuming from journal %s: requests that it records as accepted are skipped", journal)
		return
	}
	out.errorf("writing journal %s: if this run stops, run it again with -resume %s to skip what was accepted", journal, journal)
}

// newClient returns the client for cfg.endpoint and a function that releases what it
// started. Without an endpoint it starts an in-process simulator.
func newClient(cfg config, out *console) (*bulkupload.Client, func(), error) {
	endpoint, cred, options := cfg.endpoint, cfg.credential, cfg.clientOptions
	closeClient := func() {}
	if endpoint == "" {
		// The program reads back only counts, so the simulator keeps no users; a large
		// export would otherwise stay in memory twice.
		srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{CountsOnly: true})
		endpoint, cred, options = srv.Endpoint, srv.Credential(), srv.ClientOptions()
		closeClient = srv.Close
		out.errorf("no -endpoint given: uploading to an in-process simulator at %s", endpoint)
	}

	if cred == nil {
		var err error
		cred, err = azidentity.NewDefaultAzureCredential(nil)
		if err != nil {
			closeClient()
			return nil, nil, fmt.Errorf("create DefaultAzureCredential: %w", err)
		}
	}

	client, err := bulkupload.NewClient(endpoint, cred, options)
	if err != nil {
		closeClient()
		return nil, nil, err
	}
	return client, closeClient, nil
}
