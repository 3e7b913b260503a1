package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

// sampleCSV is the file read when no -csv flag is given. It is embedded so that the
// program runs from any directory.
//
//go:embed testdata/workers.csv
var sampleCSV []byte

// config holds the settings of one run.
type config struct {
	// csvPath is the file to read. Empty means the embedded sample.
	csvPath string

	// endpoint is the Provisioning API Endpoint URL. Empty means an in-process simulator.
	endpoint string

	// batchSize is the number of operations per request, from 1 to 50.
	batchSize int

	// dryRun prints each request body to stdout instead of sending it.
	dryRun bool

	// strict rejects rows that validation only warns about.
	strict bool

	// journal is the checkpoint file of -resume, or "" for none. forceResume sends again
	// the requests that changed since the journal was written.
	journal     string
	forceResume bool

	// concurrency is the number of requests in flight. Zero means the Uploader's default.
	concurrency int

	// dailyBudget is the most calls in any 24 hours. Zero means no budget.
	dailyBudget int

	// progress draws a live progress line on stderr, which must be a terminal.
	// progressInterval is how often it is redrawn. Zero means defaultProgressInterval.
	progress         bool
	progressInterval time.Duration

	// credential authenticates to endpoint. Nil means DefaultAzureCredential. Tests set
	// it, with clientOptions, to reach their own simulator.
	credential    azcore.TokenCredential
	clientOptions *bulkupload.ClientOptions

	// backoffBase and backoffMax bound the Uploader's backoff between retries. Zero
	// means its defaults. Tests shorten them.
	backoffBase, backoffMax time.Duration
}

// result is the outcome of a run, for the summary and the exit status.
type result struct {
	bulkupload.Summary

	// Location is the job's provisioning logs URL from the last accepted request.
	Location string

	DryRun bool

	// Journal is the -resume file, or "".
	Journal string

	// InputComplete is true when every row of the file was read. LastLine is the line
	// on which the last row read starts, or 0 when none was read.
	InputComplete bool
	LastLine      int
}

// run reads the workers of cfg.csvPath, maps each row to a user and uploads the users
// with a bulkupload.Uploader, which validates, batches, paces and retries. It writes one
// line per accepted request and the summary to stdout, and rejected rows, warnings,
// retries and failed requests to stderr. In a dry run the request bodies go to stdout and
// everything else to stderr, so stdout is a stream of JSON documents.
//
// run returns an error without sending anything when the file cannot be opened or its
// header is unusable. Otherwise it writes the summary and returns the error that ended
// the run early, if any: the Uploader's (see bulkupload.Uploader.Run), ctx's after an
// interrupt, or a failed read. Rejected rows and failed requests are counted in the
// result, not returned.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) (result, error) {
	source, name, err := openSource(cfg.csvPath)
	if err != nil {
		return result{}, err
	}
	defer source.Close()

	reader, err := newCSVReader(source)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", name, err)
	}
	out := newConsole(stdout, stderr)
	for _, column := range reader.ignored {
		out.errorf("%s: ignoring unknown column %q", name, column)
	}

	validator, err := scim.NewValidator(&scim.ValidatorOptions{Strict: cfg.strict})
	if err != nil {
		return result{}, err
	}

	if cfg.dryRun {
		return dryRun(ctx, cfg, name, reader, validator, out)
	}
	return upload(ctx, cfg, name, reader, validator, out)
}

// openSource opens the file at path, or the embedded sample when path is empty. It also
// returns the name to use in messages.
func openSource(path string) (io.ReadCloser, string, error) {
	if path == "" {
		return io.NopCloser(bytes.NewReader(sampleCSV)), "testdata/workers.csv (embedded)", nil
	}

	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("open CSV file: %w", err)
	}
	return f, path, nil
}
