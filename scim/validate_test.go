package scim

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const acmeURN = "urn:ietf:params:scim:schemas:extension:acme:1.0:User"

// validRecord returns a user that breaks no rule. Its personal values are listed in
// personalValues, which no problem message may contain.
func validRecord(externalID string) *User {
	return &User{
		ExternalID:  externalID,
		UserName:    Ptr("zoe.martin@contoso.example"),
		Name:        &Name{GivenName: Ptr("Zoë"), FamilyName: Ptr("Martin-Brontë")},
		DisplayName: Ptr("Zoë Martin-Brontë"),
		Title:       Ptr("Engineer"),
		Active:      Ptr(true),
		Emails:      []Email{{Value: "zoe.martin@contoso.example", Type: TypeWork, Primary: true}},
		PhoneNumbers: []PhoneNumber{
			{Value: "+1 555 0100", Type: TypeWork},
		},
		Addresses: []Address{{
			Type: TypeWork, Formatted: "1 Elm Road\nSpringfield", StreetAddress: "1 Elm Road",
			Locality: "Springfield", Country: "US", Primary: true,
		}},
		Enterprise: &EnterpriseUser{
			EmployeeNumber: Ptr(externalID),
			Department:     Ptr("Research"),
			Manager:        &Manager{Value: "1000"},
		},
		Extensions: map[string]Extension{
			acmeURN: {
				"hireDate": DateTime(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)),
				"badge":    Int(4711),
				"remote":   Bool(true),
				"costCode": String("CC-7"),
			},
		},
	}
}

var personalValues = []string{"Zoë", "Martin", "zoe", "555", "Elm Road", "Springfield", "Research", "CC-7", "4711"}

// problemKey is a problem without its message, which tests compare exactly.
type problemKey struct {
	Severity   Severity
	Position   int
	ExternalID string
	Path       string
	Rule       Rule
}

// keysOf returns the keys of problems, or nil when there are none.
func keysOf(problems []Problem) []problemKey {
	var keys []problemKey
	for _, p := range problems {
		keys = append(keys, problemKey{p.Severity, p.Position, p.ExternalID, p.Path, p.Rule})
	}
	return keys
}

// assertMessages checks that every problem has a message and that none repeats a
// personal value of the record.
func assertMessages(t *testing.T, problems []Problem, personal ...string) {
	t.Helper()
	for _, p := range problems {
		assert.NotEmpty(t, p.Message, "problem %s has no message", p.Rule)
		for _, value := range append(personal, personalValues...) {
			assert.NotContains(t, p.Message, value, "message of %s names a value", p.Rule)
		}
	}
}

func newTestValidator(t *testing.T, options *ValidatorOptions) *Validator {
	t.Helper()
	v, err := NewValidator(options)
	require.NoError(t, err)
	return v
}

func TestValidRecordHasNoProblems(t *testing.T) {
	v := newTestValidator(t, nil)
	assert.Empty(t, v.ValidateUser(0, validRecord("1001")))
}

func TestValidateUserFindsEveryProblemAtOnce(t *testing.T) {
	u := validRecord("1001")
	u.Active = nil
	u.PhoneNumbers[0].Type = TypeMobile
	u.Enterprise.Manager.Value = "1001"
	u.Title = Ptr("Eng\x00ineer")

	problems := newTestValidator(t, nil).ValidateUser(3, u)

	assert.Equal(t, []problemKey{
		{SeverityError, 3, "1001", "active", RuleActiveMissing},
		{SeverityWarning, 3, "1001", "phoneNumbers[0].type", RuleTypeNotWork},
		{SeverityError, 3, "1001", "title", RuleTextControlCharacter},
		{SeverityError, 3, "1001", enterprisePrefix + "manager.value", RuleManagerSelf},
	}, keysOf(problems))
	assertMessages(t, problems)
}

func TestValidateNilUser(t *testing.T) {
	problems := newTestValidator(t, nil).ValidateUser(2, nil)
	assert.Equal(t, []problemKey{{SeverityError, 2, "", "", RuleDataMissing}}, keysOf(problems))
}

func TestValidateUserAllocatesNothing(t *testing.T) {
	u := validRecord("1001")
	dst := make([]Problem, 0, 8)
	for _, options := range []*ValidatorOptions{nil, {Disabled: []Rule{RuleExternalIDDuplicateInRun}}} {
		v := newTestValidator(t, options)
		v.AppendUserProblems(dst, 0, u)

		allocs := testing.AllocsPerRun(100, func() {
			dst = v.AppendUserProblems(dst[:0], 0, u)
		})
		assert.Zero(t, allocs)
		assert.Empty(t, dst)
	}
}

func TestStrictTurnsWarningsIntoErrors(t *testing.T) {
	u := validRecord("1001")
	u.PhoneNumbers[0].Type = TypeMobile

	problems := newTestValidator(t, &ValidatorOptions{Strict: true}).ValidateUser(0, u)

	assert.Equal(t, []problemKey{
		{SeverityError, 0, "1001", "phoneNumbers[0].type", RuleTypeNotWork},
	}, keysOf(problems))
	assert.True(t, problems.HasErrors())
}

func TestDisabledRulesAreNotReported(t *testing.T) {
	u := validRecord("1001")
	u.PhoneNumbers[0].Type = TypeMobile
	u.Active = nil

	v := newTestValidator(t, &ValidatorOptions{Disabled: []Rule{RuleTypeNotWork}})
	assert.Equal(t, []problemKey{
		{SeverityError, 0, "1001", "active", RuleActiveMissing},
	}, keysOf(v.ValidateUser(0, u)))
}

func TestAllowMissingActive(t *testing.T) {
	u := validRecord("1001")
	u.Active = nil

	v := newTestValidator(t, &ValidatorOptions{AllowMissingActive: true})
	assert.Empty(t, v.ValidateUser(0, u))
}

func TestNewValidatorRejectsUnknownRule(t *testing.T) {
	_, err := NewValidator(&ValidatorOptions{Disabled: []Rule{"type-is-work"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"type-is-work"`)
}

func TestRunDuplicateNamesFirstPosition(t *testing.T) {
	v := newTestValidator(t, nil)
	assert.Empty(t, v.ValidateUser(0, validRecord("1001")))
	assert.Empty(t, v.ValidateUser(1, validRecord("1002")))

	problems := v.ValidateUser(2, validRecord("1001"))

	assert.Equal(t, []problemKey{
		{SeverityWarning, 2, "1001", "externalId", RuleExternalIDDuplicateInRun},
	}, keysOf(problems))
	assert.Contains(t, problems[0].Message, "position 0")
}

func TestRunDuplicateIgnoresSamePosition(t *testing.T) {
	v := newTestValidator(t, nil)
	assert.Empty(t, v.ValidateUser(5, validRecord("1001")))
	assert.Empty(t, v.ValidateUser(5, validRecord("1001")), "checking a record again is no repeat")
}

func TestRunDuplicateDisabledKeepsNoState(t *testing.T) {
	v := newTestValidator(t, &ValidatorOptions{Disabled: []Rule{RuleExternalIDDuplicateInRun}})
	assert.Nil(t, v.run)
	assert.Empty(t, v.ValidateUser(0, validRecord("1001")))
	assert.Empty(t, v.ValidateUser(1, validRecord("1001")))
}

func TestRulesHaveSeverities(t *testing.T) {
	seen := make(map[Rule]bool)
	for _, rule := range Rules() {
		assert.False(t, seen[rule], "rule %s listed twice", rule)
		seen[rule] = true
		assert.Contains(t, []Severity{SeverityWarning, SeverityError}, rule.DefaultSeverity(), "rule %s", rule)
	}
	assert.Zero(t, Rule("no-such-rule").DefaultSeverity())
}

func TestProblemsErr(t *testing.T) {
	warning := Problem{Severity: SeverityWarning, Position: 1, Path: "phoneNumbers[0].type", Rule: RuleTypeNotWork, Message: "m"}
	failure := Problem{Severity: SeverityError, Position: 2, ExternalID: "1002", Path: "active", Rule: RuleActiveMissing, Message: "active is missing"}

	assert.NoError(t, Problems{warning}.Err())
	assert.NoError(t, Problems(nil).Err())

	err := Problems{warning, failure}.Err()
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Len(t, verr.Problems, 2)
	assert.Equal(t,
		`scim: validation failed with 1 error and 1 warning; first: position 2 (externalId "1002") active: error active-missing: active is missing`,
		err.Error())
}

func TestProblemString(t *testing.T) {
	p := Problem{Severity: SeverityError, Position: -1, Path: "Operations", Rule: RuleOperationCount, Message: "m"}
	assert.Equal(t, "request Operations: error operation-count: m", p.String())
}

func TestSeverityText(t *testing.T) {
	data, err := json.Marshal(Problem{Severity: SeverityWarning, Rule: RuleTypeMissing})
	require.NoError(t, err)
	assert.Contains(t, string(data), `"severity":"warning"`)

	var back Problem
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, SeverityWarning, back.Severity)

	_, err = json.Marshal(Problem{})
	assert.Error(t, err, "a zero severity is invalid")
	assert.Error(t, back.Severity.UnmarshalText([]byte("fatal")))
	assert.True(t, strings.HasPrefix(Severity(9).String(), "Severity("))
}
