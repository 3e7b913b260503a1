// Command scimlint checks a bulkUpload payload, a SCIM BulkRequest in a JSON file, and
// prints one line per problem with its operation index and JSON path, then a count.
//
// Usage:
//
//	go run ./examples/scimlint [-strict] [-disable RULE,...] [-allow-missing-active] [-json] FILE
//
// FILE "-" reads standard input. The exit status is 0 when no problem is an error, 1
// when at least one is, and 2 on a usage or read error. docs/validation.md lists the
// rules.
package main

import (
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
		fmt.Fprintln(stderr, "usage: scimlint [flags] FILE\n\nChecks a bulkUpload payload. FILE - reads standard input.\n\nFlags:")
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

	problems := validator.Lint(data)
	if err := printProblems(stdout, stderr, problems, *asJSON); err != nil {
		fmt.Fprintf(stderr, "scimlint: write report: %v\n", err)
		return exitUsage
	}
	if problems.HasErrors() {
		return exitProblems
	}
	return exitClean
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

// printProblems writes the report. In JSON mode stdout contains only the JSON array, and
// the count goes to stderr.
func printProblems(stdout, stderr io.Writer, problems scim.Problems, asJSON bool) error {
	errorCount, warningCount := problems.Count()
	summary := countOf(errorCount, "error") + ", " + countOf(warningCount, "warning") + "\n"

	if asJSON {
		if problems == nil {
			problems = scim.Problems{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(problems); err != nil {
			return err
		}
		_, err := io.WriteString(stderr, summary)
		return err
	}

	for _, p := range problems {
		if _, err := io.WriteString(stdout, formatProblem(p)+"\n"); err != nil {
			return err
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
