package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/scim"
)

// runScimlint runs the command with args and returns its exit status and output.
func runScimlint(t *testing.T, stdin string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, strings.NewReader(stdin), &out, &errOut)
	return status, out.String(), errOut.String()
}

func TestReportListsEveryDefect(t *testing.T) {
	status, stdout, stderr := runScimlint(t, "", "testdata/payload-with-defects.json")

	assert.Equal(t, exitProblems, status)
	assert.Empty(t, stderr)
	want := []string{
		`op 0 bulkId: error bulk-id-duplicate: `,
		`op 0 data.id: error server-owned-attribute: `,
		`op 0 data.phoneNumbers[0].type: warning type-not-work: `,
		`op 0 path: error operation-path: `,
		`op 1 bulkId: error bulk-id-duplicate: `,
		`op 1 data.active: error attribute-type: `,
		`op 1 data.schemas: error user-schemas: `,
		`op 1 data.username: error attribute-case: `,
		`7 errors, 1 warning`,
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, len(want), stdout)
	for i, prefix := range want {
		assert.True(t, strings.HasPrefix(lines[i], prefix), "line %d is %q, want prefix %q", i, lines[i], prefix)
	}
}

func TestCleanPayloadExitsZero(t *testing.T) {
	status, stdout, _ := runScimlint(t, "", "testdata/payload-clean.json")

	assert.Equal(t, exitClean, status)
	assert.Equal(t, "0 errors, 0 warnings\n", stdout)
}

func TestWarningsAloneExitZero(t *testing.T) {
	status, stdout, _ := runScimlint(t, "", "testdata/payload-warnings.json")

	assert.Equal(t, exitClean, status)
	assert.Contains(t, stdout, "op 0 data.phoneNumbers[0].type: warning type-not-work: ")
}

func TestStrictFailsOnWarnings(t *testing.T) {
	status, stdout, _ := runScimlint(t, "", "-strict", "testdata/payload-warnings.json")

	assert.Equal(t, exitProblems, status)
	assert.Contains(t, stdout, "op 0 data.phoneNumbers[0].type: error type-not-work: ")
}

func TestDisableTurnsRulesOff(t *testing.T) {
	status, stdout, _ := runScimlint(t, "", "-disable", "type-not-work, unknown-attribute", "testdata/payload-warnings.json")

	assert.Equal(t, exitClean, status)
	assert.Equal(t, "0 errors, 0 warnings\n", stdout)
}

func TestAllowMissingActive(t *testing.T) {
	payload := `{"schemas":["` + scim.SchemaBulkRequest + `"],"Operations":[{"method":"POST","bulkId":"a","path":"/Users",` +
		`"data":{"schemas":["` + scim.SchemaCoreUser + `","` + scim.SchemaEnterpriseUser + `"],"externalId":"5001"}}]}`

	status, stdout, _ := runScimlint(t, payload, "-")
	assert.Equal(t, exitProblems, status)
	assert.Contains(t, stdout, "op 0 data.active: error active-missing: ")

	status, _, _ = runScimlint(t, payload, "-allow-missing-active", "-")
	assert.Equal(t, exitClean, status)
}

func TestJSONOutput(t *testing.T) {
	status, stdout, stderr := runScimlint(t, "", "-json", "testdata/payload-with-defects.json")

	assert.Equal(t, exitProblems, status)
	var problems []scim.Problem
	require.NoError(t, json.Unmarshal([]byte(stdout), &problems))
	require.Len(t, problems, 8)
	assert.Equal(t, "5001", problems[0].ExternalID)
	assert.Equal(t, scim.RuleBulkIDDuplicate, problems[0].Rule)
	assert.Equal(t, "7 errors, 1 warning\n", stderr)
}

func TestJSONOutputOfCleanPayloadIsEmptyArray(t *testing.T) {
	status, stdout, _ := runScimlint(t, "", "-json", "testdata/payload-clean.json")

	assert.Equal(t, exitClean, status)
	assert.JSONEq(t, `[]`, stdout)
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"no file", nil, "want one FILE argument, got 0"},
		{"two files", []string{"a.json", "b.json"}, "want one FILE argument, got 2"},
		{"unknown flag", []string{"-fix", "a.json"}, "flag provided but not defined"},
		{"unknown rule", []string{"-disable", "type-is-work", "testdata/payload-clean.json"}, `unknown rule "type-is-work"`},
		{"missing file", []string{"testdata/no-such-payload.json"}, "read payload: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, stdout, stderr := runScimlint(t, "", tc.args...)

			assert.Equal(t, exitUsage, status)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.wantStderr)
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	status, _, stderr := runScimlint(t, "", "-h")

	assert.Equal(t, exitClean, status)
	assert.Contains(t, stderr, "usage: scimlint")
}

func TestNotJSON(t *testing.T) {
	status, stdout, _ := runScimlint(t, "Operations: []", "-")

	assert.Equal(t, exitProblems, status)
	assert.True(t, strings.HasPrefix(stdout, "request: error invalid-json: the payload cannot be read as JSON: "), stdout)
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(data)
}

func TestSeveralDocumentsLintedEach(t *testing.T) {
	stream := readTestdata(t, "payload-clean.json") + "\n" + readTestdata(t, "payload-with-defects.json")

	status, stdout, _ := runScimlint(t, stream, "-")

	assert.Equal(t, exitProblems, status)
	assert.Contains(t, stdout, "request 2 op 0 data.id: error server-owned-attribute: ")
	assert.NotContains(t, stdout, "request 1 ", "the clean request has no problem")
	assert.True(t, strings.HasSuffix(stdout, "7 errors, 1 warning\n"), stdout)
}

func TestSeveralDocumentsJSON(t *testing.T) {
	stream := readTestdata(t, "payload-clean.json") + readTestdata(t, "payload-warnings.json")

	status, stdout, _ := runScimlint(t, stream, "-json", "-")

	assert.Equal(t, exitClean, status)
	var reports []report
	require.NoError(t, json.Unmarshal([]byte(stdout), &reports))
	require.Len(t, reports, 2)
	assert.Equal(t, 1, reports[0].Request)
	assert.Empty(t, reports[0].Problems)
	assert.Equal(t, 2, reports[1].Request)
	require.NotEmpty(t, reports[1].Problems)
	assert.Equal(t, scim.RuleTypeNotWork, reports[1].Problems[0].Rule)
}

func TestTrailingGarbageLintedWhole(t *testing.T) {
	status, stdout, _ := runScimlint(t, readTestdata(t, "payload-clean.json")+"}", "-")

	assert.Equal(t, exitProblems, status)
	assert.Contains(t, stdout, string(scim.RuleInvalidJSON))
	assert.NotContains(t, stdout, "request 1 ")
}
