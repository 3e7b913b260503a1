package scim

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBulkRequestDecodeKeepsUnknown(t *testing.T) {
	var r BulkRequest
	require.NoError(t, json.Unmarshal(readGolden(t, "bulk-unknown-attributes.json"), &r))

	require.Len(t, r.Operations, 1)
	op := r.Operations[0]
	assert.Equal(t, "/users", op.Path, "path is kept as sent, not corrected")
	assert.JSONEq(t, `"W/\"1\""`, string(op.Unknown["version"]))
	assert.JSONEq(t, `"kept"`, string(r.Unknown["comment"]))
	require.NotNil(t, r.FailOnErrors)
	assert.Equal(t, 2, *r.FailOnErrors)

	u := op.Data
	assert.Equal(t, "1001", u.ExternalID)
	assert.Nil(t, u.UserName, "username in the wrong case must not be read as userName")
	assert.JSONEq(t, `"casey"`, string(u.Unknown["username"]))
	assert.JSONEq(t, `"2819c223-7f76-453a-919d-413861904646"`, string(u.Unknown["id"]))

	require.NotNil(t, u.Enterprise)
	assert.Equal(t, "Finance", *u.Enterprise.Department)
	assert.Equal(t, "1000", u.Enterprise.Manager.Value)
	assert.JSONEq(t, `"../Users/1000"`, string(u.Enterprise.Manager.Unknown["$ref"]))
	assert.JSONEq(t, `7`, string(u.Enterprise.Unknown["grade"]))

	flags := u.Extensions["urn:example:flags"]
	assert.Equal(t, KindRaw, flags["tags"].Kind())
	assert.JSONEq(t, `["a","b"]`, string(flags["tags"].Raw()))
	assert.Equal(t, KindRaw, flags["ratio"].Kind())
}

func TestBulkRequestRoundTripKeepsEveryMember(t *testing.T) {
	original := readGolden(t, "bulk-unknown-attributes.json")

	var r BulkRequest
	require.NoError(t, json.Unmarshal(original, &r))
	encoded, err := json.Marshal(&r)
	require.NoError(t, err)

	// Encoding computes data.schemas, so the enterprise and custom URNs appear even though
	// the original listed only the core schema. Every other member must survive.
	var want, got map[string]any
	require.NoError(t, json.Unmarshal(original, &want))
	require.NoError(t, json.Unmarshal(encoded, &got))
	wantData := want["Operations"].([]any)[0].(map[string]any)["data"].(map[string]any)
	wantData["schemas"] = []any{SchemaCoreUser, SchemaEnterpriseUser, "urn:example:flags"}
	assert.Equal(t, want, got)

	var again BulkRequest
	require.NoError(t, json.Unmarshal(encoded, &again))
	assert.Equal(t, r, again)
}

func TestDecodeWrongTypes(t *testing.T) {
	cases := []struct {
		name string
		data string
		path string
		want string
		got  string
	}{
		{"phone object", `{"externalId":"1","phoneNumbers":{"type":"work","value":"x"}}`, "phoneNumbers", "array", "object"},
		{"emails string", `{"externalId":"1","emails":"a@b"}`, "emails", "array", "string"},
		{"address entry", `{"externalId":"1","addresses":["x"]}`, "addresses[0]", "object", "string"},
		{"active text", `{"externalId":"1","active":"True"}`, "active", "boolean", "string"},
		{"externalId number", `{"externalId":1001}`, "externalId", "string", "number"},
		{"given name", `{"externalId":"1","name":{"givenName":true}}`, "name.givenName", "string", "boolean"},
		{"primary text", `{"externalId":"1","emails":[{"primary":"yes"}]}`, "emails[0].primary", "boolean", "string"},
		{"manager text", `{"externalId":"1","` + SchemaEnterpriseUser + `":{"manager":"1000"}}`, SchemaEnterpriseUser + ".manager", "object", "string"},
		{"root array", `[]`, "", "object", "array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var u User
			err := json.Unmarshal([]byte(tc.data), &u)

			var typeErr *TypeError
			require.ErrorAs(t, err, &typeErr)
			assert.Equal(t, tc.path, typeErr.Path)
			assert.Equal(t, tc.want, typeErr.Want)
			assert.Equal(t, tc.got, typeErr.Got)
		})
	}
}

func TestDecodeOperationErrorNamesIndex(t *testing.T) {
	data := `{"Operations":[{"method":"POST","data":{"externalId":"1"}},{"method":"POST","data":{"externalId":"2","emails":{}}}]}`
	var r BulkRequest
	err := json.Unmarshal([]byte(data), &r)

	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, 1, opErr.Index)
	assert.Contains(t, err.Error(), "operation 1: data: emails")
}

func TestValueDecodeKinds(t *testing.T) {
	cases := []struct {
		json string
		kind Kind
	}{
		{`"text"`, KindString},
		{`"2024-03-01T00:00:00Z"`, KindDateTime},
		{`"2024-03-01T00:00:00+02:00"`, KindDateTime},
		{`"2024-03-01T00:00:00.000Z"`, KindString},
		{`"2024-03-01"`, KindString},
		{`true`, KindBool},
		{`-42`, KindInt},
		{`1.5`, KindRaw},
		{`{"a":1}`, KindRaw},
		{`null`, KindNull},
	}
	for _, tc := range cases {
		var v Value
		require.NoError(t, json.Unmarshal([]byte(tc.json), &v), tc.json)
		assert.Equal(t, tc.kind, v.Kind(), tc.json)

		again, err := json.Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, tc.json, string(again), "re-encoding %s", tc.json)
	}
}
