package scim

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateProblems = flag.Bool("update-problems", false, "rewrite testdata/*.problems.json from the current output")

const userSchemas = `"schemas":["` + SchemaCoreUser + `","` + SchemaEnterpriseUser + `"]`

// lintData returns a valid user of externalId 1001 with members added at the end.
func lintData(members string) string {
	return `{` + userSchemas + `,"externalId":"1001","active":true` + members + `}`
}

func lintOperation(bulkID, data string) string {
	return `{"method":"POST","bulkId":"` + bulkID + `","path":"/Users","data":` + data + `}`
}

func lintPayload(operations ...string) string {
	return `{"schemas":["` + SchemaBulkRequest + `"],"Operations":[` + strings.Join(operations, ",") + `]}`
}

// lintCase is a raw payload and the exact problems that Lint must report.
type lintCase struct {
	name    string
	payload string
	want    []problemKey
}

func runLintCases(t *testing.T, cases []lintCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			problems := Lint([]byte(tc.payload))

			assert.Equal(t, tc.want, keysOf(problems))
			assertMessages(t, problems)
		})
	}
}

func lintProblem(severity Severity, path string, rule Rule) problemKey {
	return problemKey{severity, 0, "1001", path, rule}
}

func requestProblem(path string, rule Rule) problemKey {
	return problemKey{SeverityError, -1, "", path, rule}
}

func TestLintValidPayload(t *testing.T) {
	assert.Empty(t, Lint([]byte(lintPayload(lintOperation("a", lintData(""))))))
}

func TestLintSyntax(t *testing.T) {
	runLintCases(t, []lintCase{
		{"truncated", `{"Operations": [`, []problemKey{requestProblem("", RuleInvalidJSON)}},
		{"empty", ``, []problemKey{requestProblem("", RuleInvalidJSON)}},
		{"two values", `{} {}`, []problemKey{requestProblem("", RuleInvalidJSON)}},
		{"byte order mark", "\xef\xbb\xbf" + lintPayload(lintOperation("a", lintData(""))),
			[]problemKey{requestProblem("", RuleInvalidJSON)}},
		{"array at the root", `[]`, []problemKey{requestProblem("", RuleAttributeType)}},
		{"nested too deep", `{"Operations":[{"data":{"x":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}}]}`,
			[]problemKey{requestProblem("", RuleInvalidJSON)}},
	})
}

func TestLintEnvelope(t *testing.T) {
	valid := lintOperation("a", lintData(""))
	runLintCases(t, []lintCase{
		{"schemas missing", `{"Operations":[` + valid + `]}`,
			[]problemKey{requestProblem("schemas", RuleRequestSchema)}},
		{"schemas of a user", `{` + userSchemas + `,"Operations":[` + valid + `]}`,
			[]problemKey{requestProblem("schemas", RuleRequestSchema)}},
		{"schemas as a string", `{"schemas":"` + SchemaBulkRequest + `","Operations":[` + valid + `]}`,
			[]problemKey{requestProblem("schemas", RuleRequestSchema)}},
		{"operations in lower case", `{"schemas":["` + SchemaBulkRequest + `"],"operations":[` + valid + `]}`,
			[]problemKey{requestProblem("operations", RuleAttributeCase)}},
		{"Operations as an object", `{"schemas":["` + SchemaBulkRequest + `"],"Operations":` + valid + `}`,
			[]problemKey{requestProblem("Operations", RuleAttributeType)}},
		{"Operations null", `{"schemas":["` + SchemaBulkRequest + `"],"Operations":null}`,
			[]problemKey{requestProblem("Operations", RuleAttributeType)}},
		{"no operations", lintPayload(), []problemKey{requestProblem("Operations", RuleOperationCount)}},
		{"Operations twice", `{"schemas":["` + SchemaBulkRequest + `"],"Operations":[],"Operations":[` + valid + `]}`,
			[]problemKey{requestProblem("Operations", RuleDuplicateKey)}},
		{"failOnErrors as text", `{"schemas":["` + SchemaBulkRequest + `"],"Operations":[` + valid + `],"failOnErrors":"1"}`,
			[]problemKey{requestProblem("failOnErrors", RuleAttributeType)}},
		{"failOnErrors fraction", `{"schemas":["` + SchemaBulkRequest + `"],"Operations":[` + valid + `],"failOnErrors":1.5}`,
			[]problemKey{requestProblem("failOnErrors", RuleAttributeType)}},
		{"failOnErrors null and count", `{"schemas":["` + SchemaBulkRequest + `"],"Operations":[` + valid + `],"failOnErrors":null}`, nil},
		{"operation is a string", lintPayload(`"POST /Users"`),
			[]problemKey{{SeverityError, 0, "", "", RuleAttributeType}}},
		{"path in lower case", lintPayload(strings.Replace(valid, `"/Users"`, `"/users"`, 1)),
			[]problemKey{lintProblem(SeverityError, "path", RuleOperationPath)}},
		{"method as a number", lintPayload(strings.Replace(valid, `"POST"`, `1`, 1)),
			[]problemKey{lintProblem(SeverityError, "method", RuleAttributeType)}},
		{"method null", lintPayload(strings.Replace(valid, `"POST"`, `null`, 1)),
			[]problemKey{lintProblem(SeverityError, "method", RuleOperationMethod)}},
		{"data as a string", lintPayload(`{"method":"POST","bulkId":"a","path":"/Users","data":"1001"}`),
			[]problemKey{{SeverityError, 0, "", "data", RuleAttributeType}}},
		{"data null", lintPayload(`{"method":"POST","bulkId":"a","path":"/Users","data":null}`),
			[]problemKey{{SeverityError, 0, "", "data", RuleDataMissing}}},
		{"bulkId repeated", lintPayload(valid, lintOperation("a", strings.Replace(lintData(""), "1001", "1002", 1))),
			[]problemKey{
				lintProblem(SeverityError, "bulkId", RuleBulkIDDuplicate),
				{SeverityError, 1, "1002", "bulkId", RuleBulkIDDuplicate},
			}},
		{"1004 twice", lintPayload(
			lintOperation("a", `{`+userSchemas+`,"externalId":"1004","active":true}`),
			lintOperation("b", `{`+userSchemas+`,"externalId":"1004","active":false}`)),
			[]problemKey{
				{SeverityError, 0, "1004", "data.externalId", RuleExternalIDDuplicate},
				{SeverityError, 1, "1004", "data.externalId", RuleExternalIDDuplicate},
			}},
	})
}

func TestLint51Operations(t *testing.T) {
	operations := make([]string, 51)
	for i := range operations {
		id := 2001 + i
		operations[i] = lintOperation(strings.Repeat("b", i+1), strings.Replace(lintData(""), "1001", strconv.Itoa(id), 1))
	}

	problems := Lint([]byte(lintPayload(operations...)))

	assert.Equal(t, []problemKey{requestProblem("Operations", RuleOperationCount)}, keysOf(problems))
}

func TestLintUserTypes(t *testing.T) {
	enterprise := `"` + SchemaEnterpriseUser + `":`
	runLintCases(t, []lintCase{
		{"phoneNumbers as an object", lintPayload(lintOperation("a", lintData(`,"phoneNumbers":{"type":"work","value":"+1 555 0100"}`))),
			[]problemKey{lintProblem(SeverityError, "data.phoneNumbers", RuleAttributeType)}},
		{"email entry as a string", lintPayload(lintOperation("a", lintData(`,"emails":["zoe@contoso.example"]`))),
			[]problemKey{lintProblem(SeverityError, "data.emails[0]", RuleAttributeType)}},
		{"primary as text", lintPayload(lintOperation("a", lintData(`,"emails":[{"value":"zoe@contoso.example","type":"work","primary":"true"}]`))),
			[]problemKey{lintProblem(SeverityError, "data.emails[0].primary", RuleAttributeType)}},
		{"active as text", lintPayload(lintOperation("a", `{`+userSchemas+`,"externalId":"1001","active":"True"}`)),
			[]problemKey{lintProblem(SeverityError, "data.active", RuleAttributeType)}},
		{"active null", lintPayload(lintOperation("a", `{`+userSchemas+`,"externalId":"1001","active":null}`)),
			[]problemKey{lintProblem(SeverityError, "data.active", RuleActiveMissing)}},
		{"externalId as a number", lintPayload(lintOperation("a", `{`+userSchemas+`,"externalId":1001,"active":true}`)),
			[]problemKey{{SeverityError, 0, "", "data.externalId", RuleAttributeType}}},
		{"name as text", lintPayload(lintOperation("a", lintData(`,"name":"Zoë Martin"`))),
			[]problemKey{lintProblem(SeverityError, "data.name", RuleAttributeType)}},
		{"enterprise null", lintPayload(lintOperation("a", lintData(`,`+enterprise+`null`))),
			[]problemKey{lintProblem(SeverityError, "data."+SchemaEnterpriseUser, RuleAttributeType)}},
		{"manager as text", lintPayload(lintOperation("a", lintData(`,`+enterprise+`{"manager":"1000"}`))),
			[]problemKey{lintProblem(SeverityError, "data."+enterprisePrefix+"manager", RuleAttributeType)}},
		{"department as a number", lintPayload(lintOperation("a", lintData(`,`+enterprise+`{"department":7}`))),
			[]problemKey{lintProblem(SeverityError, "data."+enterprisePrefix+"department", RuleAttributeType)}},
	})
}

func TestLintUserNamesAndSchemas(t *testing.T) {
	enterprise := `"` + SchemaEnterpriseUser + `":`
	acme := `"` + acmeURN + `":`
	runLintCases(t, []lintCase{
		{"username in lower case", lintPayload(lintOperation("a", lintData(`,"username":"zoe"`))),
			[]problemKey{lintProblem(SeverityError, "data.username", RuleAttributeCase)}},
		{"server-owned id", lintPayload(lintOperation("a", lintData(`,"id":"2819c223"`))),
			[]problemKey{lintProblem(SeverityError, "data.id", RuleServerOwnedAttribute)}},
		{"resourceType", lintPayload(lintOperation("a", lintData(`,"resourceType":"User"`))),
			[]problemKey{lintProblem(SeverityError, "data.resourceType", RuleServerOwnedAttribute)}},
		{"manager $ref", lintPayload(lintOperation("a", lintData(`,`+enterprise+`{"manager":{"value":"1000","$ref":"../Users/1"}}`))),
			[]problemKey{lintProblem(SeverityError, "data."+enterprisePrefix+"manager.$ref", RuleServerOwnedAttribute)}},
		{"extension inside enterprise", lintPayload(lintOperation("a", lintData(`,`+enterprise+`{`+acme+`{"badge":"A1"}}`))),
			[]problemKey{lintProblem(SeverityError, "data."+enterprisePrefix+acmeURN, RuleExtensionNested)}},
		{"extension missing from schemas", lintPayload(lintOperation("a", lintData(`,`+acme+`{"badge":"A1"}`))),
			[]problemKey{lintProblem(SeverityError, "data.schemas", RuleUserSchemas)}},
		{"enterprise missing from schemas", lintPayload(lintOperation("a",
			`{"schemas":["`+SchemaCoreUser+`"],"externalId":"1001","active":true}`)),
			[]problemKey{lintProblem(SeverityError, "data.schemas", RuleUserSchemas)}},
		{"schemas missing", lintPayload(lintOperation("a", `{"externalId":"1001","active":true}`)),
			[]problemKey{lintProblem(SeverityError, "data.schemas", RuleUserSchemas)}},
		{"schemas as text", lintPayload(lintOperation("a", `{"schemas":"`+SchemaCoreUser+`","externalId":"1001","active":true}`)),
			[]problemKey{lintProblem(SeverityError, "data.schemas", RuleUserSchemas)}},
	})
}

func TestLintTextAndRepeatedNames(t *testing.T) {
	runLintCases(t, []lintCase{
		{"active twice", lintPayload(lintOperation("a", lintData(`,"active":false`))),
			[]problemKey{lintProblem(SeverityError, "data.active", RuleDuplicateKey)}},
		{"repeated extension attribute", lintPayload(lintOperation("a",
			`{"schemas":["`+SchemaCoreUser+`","`+SchemaEnterpriseUser+`","urn:contoso:employee"],"externalId":"1001","active":true,"urn:contoso:employee":{"badge":1,"badge":2}}`)),
			[]problemKey{lintProblem(SeverityError, "data.urn:contoso:employee:badge", RuleDuplicateKey)}},
		{"invalid UTF-8 in a value", lintPayload(lintOperation("a", lintData(`,"displayName":"Zo`+"\xeb"+`"`))),
			[]problemKey{lintProblem(SeverityError, "data.displayName", RuleTextInvalidUTF8)}},
		{"invalid UTF-8 in a name", lintPayload(lintOperation("a", lintData(`,"nick`+"\xff"+`":"Zo"`))),
			[]problemKey{
				lintProblem(SeverityError, "data.nick\ufffd", RuleTextInvalidUTF8),
				lintProblem(SeverityWarning, "data.nick\ufffd", RuleUnknownAttribute),
			}},
		{"escaped control character", lintPayload(lintOperation("a", lintData(`,"title":"Eng\u0000ineer"`))),
			[]problemKey{lintProblem(SeverityError, "data.title", RuleTextControlCharacter)}},
	})
}

func TestLintIsStable(t *testing.T) {
	data := readTestdataFile(t, "lint-sample-defects.json")
	first := Lint(data)
	for range 20 {
		assert.Equal(t, first, Lint(data))
	}
}

func TestLintUsesValidatorOptions(t *testing.T) {
	data := []byte(lintPayload(lintOperation("a", lintData(`,"phoneNumbers":[{"value":"+1 555 0100","type":"home"}]`))))

	strict := newTestValidator(t, &ValidatorOptions{Strict: true})
	assert.Equal(t, []problemKey{lintProblem(SeverityError, "data.phoneNumbers[0].type", RuleTypeNotWork)}, keysOf(strict.Lint(data)))

	quiet := newTestValidator(t, &ValidatorOptions{Disabled: []Rule{RuleTypeNotWork}})
	assert.Empty(t, quiet.Lint(data))
}

func TestLintGolden(t *testing.T) {
	for _, input := range testdataInputs(t, "lint-*.json") {
		t.Run(filepath.Base(input), func(t *testing.T) {
			problems := Lint(readTestdataFile(t, filepath.Base(input)))
			compareProblemsGolden(t, input, problems)
		})
	}
}

// TestValidateGolden checks payloads that decode. Lint must find the same problems as
// ValidateRequest in them, because their schemas lists are complete.
func TestValidateGolden(t *testing.T) {
	for _, input := range testdataInputs(t, "validate-*.json") {
		t.Run(filepath.Base(input), func(t *testing.T) {
			data := readTestdataFile(t, filepath.Base(input))
			var r BulkRequest
			require.NoError(t, json.Unmarshal(data, &r))

			problems := newTestValidator(t, nil).ValidateRequest(&r, 0)

			compareProblemsGolden(t, input, problems)
			assert.Equal(t, problems, Lint(data))
		})
	}
}

// testdataInputs returns the payloads matching pattern, without the golden outputs.
func testdataInputs(t *testing.T, pattern string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join("testdata", pattern))
	require.NoError(t, err)

	var inputs []string
	for _, m := range matches {
		if !strings.HasSuffix(m, ".problems.json") {
			inputs = append(inputs, m)
		}
	}
	require.NotEmpty(t, inputs)
	return inputs
}

func readTestdataFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

// compareProblemsGolden compares problems with the file beside input whose name ends in
// .problems.json, or rewrites that file when -update-problems is set.
func compareProblemsGolden(t *testing.T, input string, problems Problems) {
	t.Helper()
	if problems == nil {
		problems = Problems{}
	}
	got, err := json.MarshalIndent(problems, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')

	golden := strings.TrimSuffix(input, ".json") + ".problems.json"
	if *updateProblems {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./scim -run Golden -update-problems to create it")
	assert.Equal(t, string(want), string(got))
}
