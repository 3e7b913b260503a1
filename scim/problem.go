package scim

import (
	"fmt"
	"strconv"
	"strings"
)

// Severity is the seriousness of a [Problem]: a warning or an error.
type Severity uint8

// Severities of a [Problem]. A record with an error must not be sent as it is. A record
// with only warnings may be sent, but the service is likely to ignore or misread part of
// it.
const (
	SeverityWarning Severity = iota + 1
	SeverityError
)

// String returns "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText encodes s as its name, so that problems encode to readable JSON.
func (s Severity) MarshalText() ([]byte, error) {
	if s != SeverityWarning && s != SeverityError {
		return nil, fmt.Errorf("invalid severity %d: want SeverityWarning or SeverityError", s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes "warning" or "error".
func (s *Severity) UnmarshalText(text []byte) error {
	switch string(text) {
	case "warning":
		*s = SeverityWarning
	case "error":
		*s = SeverityError
	default:
		return fmt.Errorf("invalid severity %q: want \"warning\" or \"error\"", text)
	}
	return nil
}

// Problem is one defect that validation or linting found. Message names fields, never
// their values, because records carry personal data. ExternalID is the exception: it
// identifies the record.
type Problem struct {
	Severity Severity `json:"severity"`

	// Position is the record's position in the run, from 0, as the caller numbered it.
	// [Lint] numbers records by their operation index. Position is -1 for a problem of
	// the request as a whole, such as its operation count.
	Position int `json:"position"`

	// ExternalID is the record's externalId as far as it could be read, or "".
	ExternalID string `json:"externalId,omitempty"`

	// Path is the JSON path of the field, for example "phoneNumbers[1].type". Paths of
	// [Validator.ValidateUser] start at the user. Paths of [Validator.ValidateRequest]
	// and [Lint] start at the operation ("data.phoneNumbers[1].type", "bulkId"), or at
	// the request when Position is -1. An attribute of an extension follows its URN
	// after a colon, as the Entra admin center writes it:
	// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value".
	Path string `json:"path"`

	Rule    Rule   `json:"rule"`
	Message string `json:"message"`
}

// String formats p on one line, for example
// `position 3 (externalId "1002") active: error active-missing: active is missing; ...`.
func (p Problem) String() string {
	var b strings.Builder
	if p.Position < 0 {
		b.WriteString("request")
	} else {
		b.WriteString("position ")
		b.WriteString(strconv.Itoa(p.Position))
	}
	if p.ExternalID != "" {
		b.WriteString(" (externalId ")
		b.WriteString(strconv.Quote(p.ExternalID))
		b.WriteString(")")
	}
	if p.Path != "" {
		b.WriteString(" ")
		b.WriteString(p.Path)
	}
	b.WriteString(": ")
	b.WriteString(p.Severity.String())
	b.WriteString(" ")
	b.WriteString(string(p.Rule))
	b.WriteString(": ")
	b.WriteString(p.Message)
	return b.String()
}

// Problems is the list of problems that one validation or lint found.
type Problems []Problem

// HasErrors reports whether any problem has SeverityError.
func (ps Problems) HasErrors() bool {
	for i := range ps {
		if ps[i].Severity == SeverityError {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings in ps.
func (ps Problems) Count() (errors, warnings int) {
	for i := range ps {
		if ps[i].Severity == SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Err returns a *[ValidationError] holding ps when ps has an error, and nil otherwise.
// Problems itself does not implement error, because an empty Problems stored in an error
// variable would not compare equal to nil.
func (ps Problems) Err() error {
	if !ps.HasErrors() {
		return nil
	}
	return &ValidationError{Problems: ps}
}

// ValidationError reports that validation found at least one error. Find it with
// errors.As.
type ValidationError struct {
	// Problems contains every problem found, warnings included.
	Problems Problems
}

// Error names the counts and the first error.
func (e *ValidationError) Error() string {
	errs, warnings := e.Problems.Count()
	first := ""
	for _, p := range e.Problems {
		if p.Severity == SeverityError {
			first = p.String()
			break
		}
	}
	return "scim: validation failed with " + countOf(errs, "error") + " and " + countOf(warnings, "warning") + "; first: " + first
}

// countOf returns "1 error", "2 errors" and so on.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
