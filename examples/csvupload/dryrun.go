package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

// dryRun validates the reader's users as the Uploader would and writes the request
// bodies to stdout as indented JSON, one document after another, without sending them.
// Everything else goes to stderr. The bulkIds are random, unlike those of a real run,
// which derive from the journal's run key.
func dryRun(ctx context.Context, cfg config, name string, reader *csvReader, validator *scim.Validator,
	out *console) (result, error) {
	start := time.Now()
	res := result{DryRun: true}

	// The endpoint is parsed even in a dry run so that a mistyped URL shows up before
	// the real run.
	if cfg.endpoint != "" {
		if _, err := bulkupload.ParseEndpoint(cfg.endpoint); err != nil {
			return res, err
		}
	}

	rep := &reporter{out: out, lines: reader.lines}
	var readErr error
	requests, err := bulkupload.Batches(validUsers(reader, validator, rep, &res.Summary, &readErr), cfg.batchSize)
	if err != nil {
		return res, err
	}

	for req := range requests {
		if err = ctx.Err(); err != nil {
			break
		}
		if err = printRequest(out, req); err != nil {
			break
		}
		res.Requests++
		res.Sent += len(req.Operations)
		out.errorf("request %d: %s, not sent (dry run)", res.Requests, operationCount(len(req.Operations)))
	}

	res.Read = reader.rows
	res.InputComplete = reader.complete
	res.LastLine = reader.line
	res.Elapsed = time.Since(start)
	if err == nil && readErr != nil {
		err = fmt.Errorf("%s: %w", name, readErr)
	}
	printSummary(out, res)
	return res, err
}

// validUsers returns the reader's users that the validator passes, numbering them by
// position as the Uploader does. It reports rejected rows and warnings through rep and
// counts rejections in sum. A read failure ends the sequence and is stored in *readErr.
func validUsers(reader *csvReader, validator *scim.Validator, rep *reporter, sum *bulkupload.Summary,
	readErr *error) iter.Seq[*scim.User] {
	return func(yield func(*scim.User) bool) {
		var problems scim.Problems
		position := -1
		for u, err := range reader.users() {
			position++

			var rowErr *rowError
			if errors.As(err, &rowErr) {
				sum.Rejected++
				rep.rejected(bulkupload.RejectedEvent{Position: position, Err: rowErr})
				continue
			}
			if err != nil {
				*readErr = err
				return
			}

			problems = validator.AppendUserProblems(problems[:0], position, u)
			if problems.HasErrors() {
				sum.Rejected++
				rep.problems("rejected", position, u.ExternalID, problems)
				continue
			}
			if len(problems) > 0 {
				rep.problems("warning", position, u.ExternalID, problems)
			}
			if !yield(u) {
				return
			}
		}
	}
}

// printRequest writes the request body to stdout as indented JSON.
func printRequest(out *console, req *scim.BulkRequest) error {
	body, err := req.AppendJSON(nil)
	if err != nil {
		return fmt.Errorf("encode request: %w", err)
	}

	var indented bytes.Buffer
	if err := json.Indent(&indented, body, "", "  "); err != nil {
		return fmt.Errorf("indent request: %w", err)
	}
	out.printf("%s", indented.Bytes())
	return nil
}
