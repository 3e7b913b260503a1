package scim

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// validRequest returns a request of n valid operations for externalIds 1001, 1002 and
// so on.
func validRequest(n int) *BulkRequest {
	r := &BulkRequest{}
	for i := range n {
		id := strconv.Itoa(1001 + i)
		r.Operations = append(r.Operations, NewOperation("op-"+id, validRecord(id)))
	}
	return r
}

// requestRuleCase changes a valid request of three operations, checked with first
// position 100, and lists the exact problems expected.
type requestRuleCase struct {
	name string
	edit func(r *BulkRequest)
	want []problemKey
}

func runRequestRuleCases(t *testing.T, cases []requestRuleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := validRequest(3)
			tc.edit(r)

			problems := newTestValidator(t, nil).ValidateRequest(r, 100)

			assert.Equal(t, tc.want, keysOf(problems))
			assertMessages(t, problems)
		})
	}
}

func TestValidRequestHasNoProblems(t *testing.T) {
	assert.Empty(t, newTestValidator(t, nil).ValidateRequest(validRequest(50), 0))
}

func TestEnvelopeRules(t *testing.T) {
	runRequestRuleCases(t, []requestRuleCase{
		{"no operations", func(r *BulkRequest) { r.Operations = nil },
			[]problemKey{{SeverityError, -1, "", "Operations", RuleOperationCount}}},
		{"51 operations", func(r *BulkRequest) { r.Operations = validRequest(51).Operations },
			[]problemKey{{SeverityError, -1, "", "Operations", RuleOperationCount}}},
		{"operations in lower case", func(r *BulkRequest) {
			r.Operations = nil
			r.Unknown = map[string]json.RawMessage{"operations": json.RawMessage(`[]`)}
		}, []problemKey{{SeverityError, -1, "", "operations", RuleAttributeCase}}},
		{"unknown request attribute", func(r *BulkRequest) {
			r.Unknown = map[string]json.RawMessage{"comment": json.RawMessage(`"x"`)}
		}, []problemKey{{SeverityWarning, -1, "", "comment", RuleUnknownAttribute}}},
		{"method in lower case", func(r *BulkRequest) { r.Operations[1].Method = "post" },
			[]problemKey{{SeverityError, 101, "1002", "method", RuleOperationMethod}}},
		{"DELETE", func(r *BulkRequest) { r.Operations[1].Method = "DELETE" },
			[]problemKey{{SeverityError, 101, "1002", "method", RuleOperationMethod}}},
		{"path in lower case", func(r *BulkRequest) { r.Operations[0].Path = "/users" },
			[]problemKey{{SeverityError, 100, "1001", "path", RuleOperationPath}}},
		{"path of groups", func(r *BulkRequest) { r.Operations[2].Path = "/Groups" },
			[]problemKey{{SeverityError, 102, "1003", "path", RuleOperationPath}}},
		{"bulkId missing", func(r *BulkRequest) { r.Operations[2].BulkID = "" },
			[]problemKey{{SeverityError, 102, "1003", "bulkId", RuleBulkIDMissing}}},
		{"bulkId repeated", func(r *BulkRequest) { r.Operations[2].BulkID = r.Operations[1].BulkID },
			[]problemKey{
				{SeverityError, 101, "1002", "bulkId", RuleBulkIDDuplicate},
				{SeverityError, 102, "1003", "bulkId", RuleBulkIDDuplicate},
			}},
		{"data missing", func(r *BulkRequest) { r.Operations[1].Data = nil },
			[]problemKey{{SeverityError, 101, "", "data", RuleDataMissing}}},
		{"operation attribute in wrong case", func(r *BulkRequest) {
			r.Operations[0].Unknown = map[string]json.RawMessage{"bulkID": json.RawMessage(`"x"`)}
		}, []problemKey{{SeverityError, 100, "1001", "bulkID", RuleAttributeCase}}},
	})
}

func TestRequestUserRulesUseDataPaths(t *testing.T) {
	runRequestRuleCases(t, []requestRuleCase{
		{"manager set and active missing", func(r *BulkRequest) { r.Operations[1].Data.Active = nil },
			[]problemKey{{SeverityError, 101, "1002", "data.active", RuleActiveMissing}}},
		{"phone type", func(r *BulkRequest) { r.Operations[2].Data.PhoneNumbers[0].Type = "" },
			[]problemKey{{SeverityWarning, 102, "1003", "data.phoneNumbers[0].type", RuleTypeMissing}}},
		{"nil user inside", func(r *BulkRequest) { r.Operations[0].Data.ExternalID = "" },
			[]problemKey{{SeverityError, 100, "", "data.externalId", RuleExternalIDMissing}}},
	})
}

func TestExternalIDDuplicateInRequest(t *testing.T) {
	runRequestRuleCases(t, []requestRuleCase{
		{"1004 twice, active then inactive", func(r *BulkRequest) {
			first, second := validRecord("1004"), validRecord("1004")
			second.Active = Ptr(false)
			r.Operations[0].Data, r.Operations[2].Data = first, second
		}, []problemKey{
			{SeverityError, 100, "1004", "data.externalId", RuleExternalIDDuplicate},
			{SeverityError, 102, "1004", "data.externalId", RuleExternalIDDuplicate},
		}},
		{"three times", func(r *BulkRequest) {
			for i := range r.Operations {
				r.Operations[i].Data.ExternalID = "1004"
			}
		}, []problemKey{
			{SeverityError, 100, "1004", "data.externalId", RuleExternalIDDuplicate},
			{SeverityError, 101, "1004", "data.externalId", RuleExternalIDDuplicate},
			{SeverityError, 102, "1004", "data.externalId", RuleExternalIDDuplicate},
		}},
	})
}

func TestExternalIDDuplicateMessageNamesBothPositions(t *testing.T) {
	r := validRequest(3)
	r.Operations[2].Data.ExternalID = "1001"

	problems := newTestValidator(t, nil).ValidateRequest(r, 100)

	assert.Len(t, problems, 2)
	assert.Contains(t, problems[0].Message, "position 102")
	assert.Contains(t, problems[1].Message, "position 100")
}

func TestRepeatsInLargeRequest(t *testing.T) {
	r := validRequest(smallRequest + 10)
	r.Operations[70].BulkID = r.Operations[3].BulkID

	problems := newTestValidator(t, &ValidatorOptions{Disabled: []Rule{RuleOperationCount}}).ValidateRequest(r, 0)

	assert.Equal(t, []problemKey{
		{SeverityError, 3, "1004", "bulkId", RuleBulkIDDuplicate},
		{SeverityError, 70, "1071", "bulkId", RuleBulkIDDuplicate},
	}, keysOf(problems))
}

func TestRunDuplicateAcrossRequests(t *testing.T) {
	v := newTestValidator(t, nil)
	assert.Empty(t, v.ValidateRequest(validRequest(3), 0))

	second := &BulkRequest{Operations: []BulkOperation{
		NewOperation("b-1", validRecord("1004")),
		NewOperation("b-2", validRecord("1001")),
		NewOperation("b-3", validRecord("1005")),
	}}
	problems := v.ValidateRequest(second, 3)

	assert.Equal(t, []problemKey{
		{SeverityWarning, 4, "1001", "data.externalId", RuleExternalIDDuplicateInRun},
	}, keysOf(problems))
	assert.Contains(t, problems[0].Message, "position 0")
}

func TestNilRequest(t *testing.T) {
	problems := newTestValidator(t, nil).ValidateRequest(nil, 0)
	assert.Equal(t, []problemKey{{SeverityError, -1, "", "Operations", RuleOperationCount}}, keysOf(problems))
}
