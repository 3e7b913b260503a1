package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/inbound-go/inbound/bulkupload"
)

// parseFlags reads the command line into a config. It writes usage and errors to output,
// and returns flag.ErrHelp for -h.
func parseFlags(args []string, output io.Writer) (config, error) {
	fs := flag.NewFlagSet("csvupload", flag.ContinueOnError)
	fs.SetOutput(output)

	var cfg config
	fs.StringVar(&cfg.csvPath, "csv", "",
		"read workers from `FILE`, a UTF-8 CSV export with a header row (default: the embedded sample of 25 invented workers)")
	fs.StringVar(&cfg.endpoint, "endpoint", "",
		"send to this Provisioning API Endpoint `URL` with DefaultAzureCredential (default: an in-process simulator)")
	fs.IntVar(&cfg.batchSize, "batch", bulkupload.MaxOperations,
		"operations per request, from 1 to 50; smaller requests use up the daily call quota sooner")
	fs.IntVar(&cfg.concurrency, "concurrency", bulkupload.DefaultConcurrency,
		"requests in flight at once; pacing still limits the rate to 40 calls in any 5 seconds")
	fs.IntVar(&cfg.dailyBudget, "daily-budget", 0,
		"stop before making more than `N` calls in any 24 hours, counted across runs when -resume is given (0: no budget; the service allows 2000 or 6000 a day per tenant)")
	fs.StringVar(&cfg.journal, "resume", "",
		"keep a checkpoint journal in `FILE`, created when missing; a run with the same -csv and FILE skips the requests that FILE records as accepted")
	fs.BoolVar(&cfg.forceResume, "force-resume", false,
		"with -resume, send again the requests whose rows changed since the journal was written, instead of stopping")
	fs.BoolVar(&cfg.dryRun, "dry-run", false,
		"print each request body as JSON on stdout and send nothing")
	fs.BoolVar(&cfg.strict, "strict", false,
		"reject rows that validation only warns about, such as a userName with diacritics")

	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if err := checkFlags(fs, cfg); err != nil {
		fmt.Fprintln(output, err)
		return config{}, err
	}
	return cfg, nil
}

// checkFlags rejects values and combinations that the run cannot use.
func checkFlags(fs *flag.FlagSet, cfg config) error {
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q: give the file with -csv", fs.Arg(0))
	case cfg.batchSize < 1 || cfg.batchSize > bulkupload.MaxOperations:
		return fmt.Errorf("invalid -batch %d: must be from 1 to %d", cfg.batchSize, bulkupload.MaxOperations)
	case cfg.concurrency < 1:
		return fmt.Errorf("invalid -concurrency %d: must be at least 1", cfg.concurrency)
	case cfg.dailyBudget < 0:
		return fmt.Errorf("invalid -daily-budget %d: must be 0 (no budget) or more", cfg.dailyBudget)
	case cfg.forceResume && cfg.journal == "":
		return errors.New("-force-resume needs -resume FILE")
	case cfg.dryRun && cfg.journal != "":
		return errors.New("-resume cannot be combined with -dry-run, which sends nothing to record")
	}
	return nil
}
