// Command scimlint checks a bulkUpload payload, a SCIM BulkRequest in a JSON file, and
// prints one line per problem with its operation index and JSON path, then a count.
//
// Usage:
//
//	go run ./examples/scimlint [-strict] [-disable RULE,...] [-allow-missing-active] [-json] FILE
//
// FILE "-" reads standard input. A file of several JSON documents one after another,
// such as the output of csvupload -dry-run, is checked one request at a time, and each
// line then starts with the request's number. The exit status is 0 when no problem is an
// error, 1 when at least one is, and 2 on a usage or read error. docs/validation.md lists
// the rules.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/inbound-go/inbound/scim"
)

// Exit statuses.
const (
	exitClean    = 0
	exitProblems = 1
	exitUsage    = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run lints the file named in args and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("scimlint", flag.ContinueOnError)
	flags.SetOutput(stderr)
	strict := flags.Bool("strict", false, "report every warning as an error")
	disable := flags.String("disable", "", "turn off the comma-separated rules, for example type-not-work,unknown-attribute")
	allowMissingActive := flags.Bool("allow-missing-active", false, "accept records without active")
	asJSON := flags.Bool("json", false, "print the problems as a JSON array instead of lines")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: scimlint [flags] FILE\n\nChecks a bulkUpload payload, or several one after another. Use - as FILE to read standard input.\n\nFlags:")
		flags.PrintDefaults()
	}

	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if flags.NArg() != 1 {
		fmt.Fprintf(stderr, "scimlint: want one FILE argument, got %d\n", flags.NArg())
		flags.Usage()
		return exitUsage
	}

	validator, err := scim.NewValidator(&scim.ValidatorOptions{
		Strict:             *strict,
		Disabled:           parseRules(*disable),
		AllowMissingActive: *allowMissingActive,
	})
	if err != nil {
		fmt.Fprintf(stderr, "scimlint: invalid -disable: %v\n", err)
		return exitUsage
	}

	data, err := readPayload(flags.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "scimlint: %v\n", err)
		return exitUsage
	}

	var reports []report
	for i, document := range splitDocuments(data) {
		reports = append(reports, report{Request: i + 1, Problems: validator.Lint(document)})
	}
	if err := printReports(stdout, stderr, reports, *asJSON); err != nil {
		fmt.Fprintf(stderr, "scimlint: write report: %v\n", err)
		return exitUsage
	}
	for _, r := range reports {
		if r.Problems.HasErrors() {
			return exitProblems
		}
	}
	return exitClean
}

// report is the result of linting one request of the input.
type report struct {
	// Request is the request's number in the input, from 1.
	Request  int           `json:"request"`
	Problems scim.Problems `json:"problems"`
}

// splitDocuments returns the JSON documents of data when it holds two or more valid ones
// one after another, and data itself otherwise, so that Lint reports any syntax error
// with its own message.
func splitDocuments(data []byte) [][]byte {
	decoder := json.NewDecoder(bytes.NewReader(data))
	var documents [][]byte
	for {
		var document json.RawMessage
		err := decoder.Decode(&document)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return [][]byte{data}
		}
		documents = append(documents, document)
	}

	if len(documents) < 2 {
		return [][]byte{data}
	}
	return documents
}

func parseRules(list string) []scim.Rule {
	var rules []scim.Rule
	for name := range strings.SplitSeq(list, ",") {
		if name = strings.TrimSpace(name); name != "" {
			rules = append(rules, scim.Rule(name))
		}
	}
	return rules
}

func readPayload(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return data, nil
	}

	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read payload: %w", err)
	}
	return data, nil
}

// printReports writes the report. In JSON mode stdout contains only JSON: the array of
// problems for one request, or an array of {"request", "problems"} objects for several.
// The count then goes to stderr.
func printReports(stdout, stderr io.Writer, reports []report, asJSON bool) error {
	var errorCount, warningCount int
	for i := range reports {
		if reports[i].Problems == nil {
			reports[i].Problems = scim.Problems{}
		}
		e, w := reports[i].Problems.Count()
		errorCount, warningCount = errorCount+e, warningCount+w
	}
	summary := countOf(errorCount, "error") + ", " + countOf(warningCount, "warning") + "\n"

	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		var value any = reports
		if len(reports) == 1 {
			value = reports[0].Problems
		}
		if err := enc.Encode(value); err != nil {
			return err
		}
		_, err := io.WriteString(stderr, summary)
		return err
	}

	for _, r := range reports {
		prefix := ""
		if len(reports) > 1 {
			prefix = fmt.Sprintf("request %d ", r.Request)
		}
		for _, p := range r.Problems {
			if _, err := io.WriteString(stdout, prefix+formatProblem(p)+"\n"); err != nil {
				return err
			}
		}
	}
	_, err := io.WriteString(stdout, summary)
	return err
}

// formatProblem formats p as "op 0 data.id: error server-owned-attribute: message", or
// with "request" in place of the operation for a problem of the whole request.
func formatProblem(p scim.Problem) string {
	where := "request"
	if p.Position >= 0 {
		where = fmt.Sprintf("op %d", p.Position)
	}
	if p.Path != "" {
		where += " " + p.Path
	}
	return fmt.Sprintf("%s: %s %s: %s", where, p.Severity, p.Rule, p.Message)
}

// countOf returns "1 error", "2 errors" and so on.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
