package scim

import (
	"cmp"
	"fmt"
	"slices"
)

// ValidatorOptions configures a [Validator]. A nil *ValidatorOptions means default
// values.
type ValidatorOptions struct {
	// Strict reports every warning as an error.
	Strict bool

	// Disabled lists rules whose problems are not reported. Disabling
	// RuleExternalIDDuplicateInRun also stops the Validator from remembering externalIds.
	Disabled []Rule

	// AllowMissingActive accepts records without active, for tenants whose attribute
	// mapping sets accountEnabled some other way. By default a missing active is an
	// error, because omitting it has been reported to disable existing accounts.
	AllowMissingActive bool
}

// Validator checks users and bulk requests against the rules that the provisioning
// service documents or is known to apply. It finds every problem in one pass.
//
// A Validator is meant for one run: it remembers a hash of each externalId it has seen,
// to report a record that repeats an earlier one (see RuleExternalIDDuplicateInRun).
// Use a new Validator for each run. A Validator is safe for concurrent use.
type Validator struct {
	strict             bool
	allowMissingActive bool
	disabled           map[Rule]bool

	// run is nil when RuleExternalIDDuplicateInRun is disabled.
	run *runTracker
}

// NewValidator returns a Validator with the given options. It fails when Disabled names
// a rule that this package does not define, so that a misspelled rule does not go
// unnoticed.
func NewValidator(options *ValidatorOptions) (*Validator, error) {
	if options == nil {
		options = &ValidatorOptions{}
	}

	v := &Validator{strict: options.Strict, allowMissingActive: options.AllowMissingActive}
	for _, rule := range options.Disabled {
		if rule.DefaultSeverity() == 0 {
			return nil, fmt.Errorf("scim: unknown rule %q in ValidatorOptions.Disabled: see scim.Rules for the names", rule)
		}
		if v.disabled == nil {
			v.disabled = make(map[Rule]bool)
		}
		v.disabled[rule] = true
	}

	if !v.disabled[RuleExternalIDDuplicateInRun] {
		v.run = newRunTracker()
	}
	return v, nil
}

// ValidateUser checks one record and returns its problems, or nil when it has none.
// position is the record's position in the run and appears in each problem. Paths start
// at the user. The record's externalId is remembered for the rest of the run, so a later
// record with the same externalId is reported. Checking the same position again does
// not count as a repeat.
func (v *Validator) ValidateUser(position int, u *User) Problems {
	return v.AppendUserProblems(nil, position, u)
}

// AppendUserProblems is [Validator.ValidateUser] that appends to dst and returns the
// extended slice. Reusing dst across records avoids allocation: a valid record allocates
// nothing, apart from the run's externalId set growing.
func (v *Validator) AppendUserProblems(dst []Problem, position int, u *User) []Problem {
	c := checker{v: v, dst: dst, position: position}
	c.checkUser(u)
	c.checkRunDuplicate(u)
	sortProblems(c.dst[len(dst):])
	return c.dst
}

// checker collects the problems of one record. Rules call report only when they have
// found a problem, so a valid record costs no allocation.
type checker struct {
	v          *Validator
	dst        []Problem
	position   int
	externalID string

	// prefix goes before every path: "data." when the user is checked inside an
	// operation, "" otherwise.
	prefix string

	// requestStart and requestEnd bound the positions of the request being checked.
	// Both are 0 when a single user is checked.
	requestStart, requestEnd int
}

func (c *checker) checkUser(u *User) {
	if u == nil {
		c.report(RuleDataMissing, "", "the user is nil; pass a user to validate")
		return
	}
	c.externalID = u.ExternalID

	c.checkIdentity(u)
	c.checkActive(u)
	c.checkCoreText(u)
	c.checkUserName(u.UserName)
	c.checkMultiValued(u)
	c.checkEnterprise(u.Enterprise)
	c.checkExtensions(u.Extensions)
	c.checkUserUnknown(u)
}

// report appends a problem of rule at path unless the rule is disabled.
func (c *checker) report(rule Rule, path, message string) {
	if c.v.disabled[rule] {
		return
	}

	severity := rule.DefaultSeverity()
	if c.v.strict {
		severity = SeverityError
	}
	if path != "" || c.prefix == "" {
		path = c.prefix + path
	} else {
		path = c.prefix[:len(c.prefix)-1]
	}
	c.dst = append(c.dst, Problem{
		Severity:   severity,
		Position:   c.position,
		ExternalID: c.externalID,
		Path:       path,
		Rule:       rule,
		Message:    message,
	})
}

func (c *checker) reportf(rule Rule, path, format string, args ...any) {
	c.report(rule, path, fmt.Sprintf(format, args...))
}

// sortProblems orders problems by position, path and rule, so that reports do not
// depend on map iteration order.
func sortProblems(problems []Problem) {
	if len(problems) > 1 {
		slices.SortStableFunc(problems, compareProblems)
	}
}

func compareProblems(a, b Problem) int {
	return cmp.Or(
		cmp.Compare(a.Position, b.Position),
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}
