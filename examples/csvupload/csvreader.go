package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/inbound-go/inbound/scim"
)

// utf8BOM is the byte order mark that Excel and some HR systems write at the start of a
// UTF-8 file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

var (
	errNoHeader    = errors.New("no header row")
	errInvalidUTF8 = errors.New("invalid UTF-8 (save the file as UTF-8)")
	errFieldCount  = errors.New("wrong number of fields")
)

// headerError reports a header row that the mapping cannot use: required columns that are
// missing, or known columns that appear more than once.
type headerError struct {
	Missing    []string
	Duplicated []string
}

func (e *headerError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("missing required %s %s",
			plural(len(e.Missing), "column", "columns"), strings.Join(e.Missing, ", ")))
	}
	if len(e.Duplicated) > 0 {
		n := len(e.Duplicated)
		parts = append(parts, fmt.Sprintf("%s %s %s more than once",
			plural(n, "column", "columns"), strings.Join(e.Duplicated, ", "), plural(n, "appears", "appear")))
	}
	return "header: " + strings.Join(parts, ", and ")
}

func plural(n int, singular, pluralForm string) string {
	if n == 1 {
		return singular
	}
	return pluralForm
}

// rowError reports a row that was rejected. It names the row by line number and, when the
// row has one, by externalId. It never contains a cell's value.
type rowError struct {
	// Line is the line on which the row starts, counting the header as line 1.
	Line int

	// LastLine is the line on which the row ends. It is greater than Line when a quoted
	// field spans lines or a quote was left open.
	LastLine int

	ExternalID string
	Err        error
}

func (e *rowError) Error() string {
	var b strings.Builder
	if e.LastLine > e.Line {
		fmt.Fprintf(&b, "lines %d-%d", e.Line, e.LastLine)
	} else {
		fmt.Fprintf(&b, "line %d", e.Line)
	}
	if e.ExternalID != "" {
		fmt.Fprintf(&b, " (externalId %s)", e.ExternalID)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *rowError) Unwrap() error { return e.Err }

// csvReader reads an HR export in CSV form, a header row followed by one row per worker,
// and maps each row to a SCIM user. It reads one row at a time, so files of any size
// stream through it.
type csvReader struct {
	csv *csv.Reader

	// header holds the column names as the file spells them, and index the position of
	// each known column under its canonical name.
	header []string
	index  map[string]int

	// ignored lists header columns that the mapping does not know.
	ignored []string

	// rows counts the data rows read, rejected rows included.
	rows int

	// line is the line on which the last row read starts, counting the header as line 1.
	line int

	// lines maps each row's position, from 0 in the order read, to its first line.
	lines *lineIndex

	// complete is true once the file has been read to its end.
	complete bool
}

// newCSVReader reads the header row of r, skipping a UTF-8 byte order mark. It returns a
// *headerError when a required column is missing or a known column appears twice.
func newCSVReader(r io.Reader) (*csvReader, error) {
	buffered := bufio.NewReader(r)
	if prefix, err := buffered.Peek(len(utf8BOM)); err == nil && bytes.Equal(prefix, utf8BOM) {
		if _, err := buffered.Discard(len(utf8BOM)); err != nil {
			return nil, fmt.Errorf("skip byte order mark: %w", err)
		}
	}

	parser := csv.NewReader(buffered)
	// Every row must have as many fields as the header, because cells are found by the
	// header's positions.
	parser.FieldsPerRecord = 0
	parser.ReuseRecord = true

	header, err := parser.Read()
	if errors.Is(err, io.EOF) {
		return nil, errNoHeader
	}
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}

	reader := &csvReader{csv: parser, header: append([]string(nil), header...), lines: &lineIndex{}}
	if err := reader.indexHeader(); err != nil {
		return nil, err
	}
	return reader, nil
}

// indexHeader matches the header's names to the known columns without regard to case or
// surrounding spaces.
func (r *csvReader) indexHeader() error {
	canonical := make(map[string]string)
	for _, name := range append(append([]string(nil), requiredColumns...), optionalColumns...) {
		canonical[strings.ToLower(name)] = name
	}

	r.index = make(map[string]int)
	var duplicated []string
	for i, raw := range r.header {
		name, ok := canonical[strings.ToLower(strings.TrimSpace(raw))]
		if !ok {
			r.ignored = append(r.ignored, raw)
			continue
		}
		if _, seen := r.index[name]; seen {
			duplicated = append(duplicated, name)
			continue
		}
		r.index[name] = i
	}

	var missing []string
	for _, name := range requiredColumns {
		if _, ok := r.index[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 || len(duplicated) > 0 {
		return &headerError{Missing: missing, Duplicated: duplicated}
	}
	return nil
}

// users returns the rows as SCIM users, in file order. A row that cannot be used yields a
// *rowError, and reading goes on with the next row. Any other error, such as a failed
// read, is the last thing yielded. Each row yields exactly one pair, so the n-th pair,
// counting from 0, is the row at position n of r.lines.
//
// A quote that is never closed takes the rest of the file into one rejected row, whose
// error gives the lines it spans.
func (r *csvReader) users() iter.Seq2[*scim.User, error] {
	return func(yield func(*scim.User, error) bool) {
		for {
			fields, err := r.csv.Read()
			if errors.Is(err, io.EOF) {
				r.complete = true
				return
			}

			var parseErr *csv.ParseError
			if errors.As(err, &parseErr) {
				r.rows++
				r.line = parseErr.StartLine
				r.lines.add(r.rows-1, r.line)
				if !yield(nil, r.parseError(parseErr, len(fields))) {
					return
				}
				continue
			}
			if err != nil {
				yield(nil, fmt.Errorf("read CSV after %d rows: %w", r.rows, err))
				return
			}

			r.rows++
			r.line, _ = r.csv.FieldPos(0)
			r.lines.add(r.rows-1, r.line)
			u, err := r.mapRow(fields)
			if !yield(u, err) {
				return
			}
		}
	}
}

// parseError turns a CSV syntax error into a *rowError. The csv package's own message is
// replaced because it gives only a column offset.
func (r *csvReader) parseError(err *csv.ParseError, fieldCount int) *rowError {
	rowErr := &rowError{Line: err.StartLine, LastLine: err.Line}
	switch {
	case errors.Is(err.Err, csv.ErrFieldCount):
		rowErr.LastLine = 0
		rowErr.Err = fmt.Errorf("%w: got %d, expected %d as in the header (is a comma in an unquoted field?)",
			errFieldCount, fieldCount, len(r.header))
	case errors.Is(err.Err, csv.ErrQuote), errors.Is(err.Err, csv.ErrBareQuote):
		rowErr.Err = fmt.Errorf("%w (a field that contains a quote must be quoted, with each quote inside it doubled)", err.Err)
	default:
		rowErr.Err = err.Err
	}
	return rowErr
}

// mapRow maps one row of the right length to a user, or returns a *rowError.
func (r *csvReader) mapRow(fields []string) (*scim.User, error) {
	line := r.line
	cells := row{fields: fields, index: r.index}

	for i, field := range fields {
		if !utf8.ValidString(field) {
			return nil, &rowError{Line: line, ExternalID: validExternalID(cells), Err: &cellError{Column: r.header[i], Err: errInvalidUTF8}}
		}
	}

	u, err := mapUser(cells)
	if err != nil {
		return nil, &rowError{Line: line, ExternalID: validExternalID(cells), Err: err}
	}
	return u, nil
}

// validExternalID returns the row's WorkerID when it is valid UTF-8, for naming the row
// in an error, and "" otherwise.
func validExternalID(r row) string {
	id := r.get(colWorkerID)
	if !utf8.ValidString(id) {
		return ""
	}
	return id
}
