package scim

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wireOf returns the wire form of u.
func wireOf(t *testing.T, u *User) string {
	t.Helper()
	data, err := json.Marshal(u)
	require.NoError(t, err)
	return string(data)
}

func TestActiveNullFalseAndOmittedOnWire(t *testing.T) {
	cases := []struct {
		name    string
		active  *bool
		want    string
		present bool
	}{
		{"omitted", nil, ``, false},
		{"false", Ptr(false), `,"active":false`, true},
		{"null", Null[bool](), `,"active":null`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := wireOf(t, &User{ExternalID: "1", Active: tc.active})

			prefix := `{"schemas":["` + SchemaCoreUser + `","` + SchemaEnterpriseUser + `"],"externalId":"1"`
			assert.Equal(t, prefix+tc.want+"}", got)

			var back User
			require.NoError(t, json.Unmarshal([]byte(got), &back))
			assert.Equal(t, tc.present, back.Active != nil)
			assert.Equal(t, IsNull(tc.active), IsNull(back.Active))
		})
	}
}

func TestExtensionNullEmptyAndOmittedOnWire(t *testing.T) {
	const urn = "urn:contoso:employee"
	cases := []struct {
		name     string
		ext      Extension
		want     string
		wantKind Kind
		present  bool
	}{
		{"omitted", Extension{}, `{}`, KindNull, false},
		{"empty", Extension{"leaveDate": String("")}, `{"leaveDate":""}`, KindString, true},
		{"null", Extension{"leaveDate": NullValue()}, `{"leaveDate":null}`, KindNull, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := wireOf(t, &User{ExternalID: "1", Extensions: map[string]Extension{urn: tc.ext}})
			assert.Contains(t, got, `"`+urn+`":`+tc.want+`}`)

			var back User
			require.NoError(t, json.Unmarshal([]byte(got), &back))
			value, present := back.Extensions[urn]["leaveDate"]
			assert.Equal(t, tc.present, present)
			assert.Equal(t, tc.wantKind, value.Kind())
		})
	}
}

func TestDateTimeOnWireHasOffset(t *testing.T) {
	cases := []struct {
		name string
		time time.Time
		want string
	}{
		{"UTC", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), `"2024-03-01T00:00:00Z"`},
		{"east of UTC", time.Date(2024, 3, 1, 9, 30, 0, 0, time.FixedZone("", 2*3600)), `"2024-03-01T09:30:00+02:00"`},
		{"west of UTC", time.Date(2024, 3, 1, 9, 30, 0, 0, time.FixedZone("", -(3*3600+1800))), `"2024-03-01T09:30:00-03:30"`},
		{"fraction", time.Date(2024, 3, 1, 0, 0, 0, 500_000_000, time.UTC), `"2024-03-01T00:00:00.5Z"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := json.Marshal(DateTime(tc.time))
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(data))

			var back Value
			require.NoError(t, json.Unmarshal(data, &back))
			assert.Equal(t, KindDateTime, back.Kind())
			got, ok := back.Time()
			require.True(t, ok)
			assert.True(t, tc.time.Equal(got))
		})
	}
}

func TestExtensionTypedValuesOnWire(t *testing.T) {
	ext := Extension{
		"badge":    Int(-4711),
		"onLeave":  Bool(false),
		"remote":   Bool(true),
		"payGrade": String("Level-2"),
		"hireDate": DateTime(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)),
	}
	got := wireOf(t, &User{ExternalID: "1", Extensions: map[string]Extension{acmeURN: ext}})

	assert.Contains(t, got, `"`+acmeURN+`":{"badge":-4711,"hireDate":"2024-03-01T00:00:00Z","onLeave":false,"payGrade":"Level-2","remote":true}`)
	assert.Contains(t, got, `"schemas":["`+SchemaCoreUser+`","`+SchemaEnterpriseUser+`","`+acmeURN+`"]`)
}

func TestEntryTypeAcceptsAnyString(t *testing.T) {
	u := &User{ExternalID: "1", PhoneNumbers: []PhoneNumber{
		{Value: "+1 555 0100", Type: TypeWork},
		{Value: "+1 555 0101", Type: "satellite"},
	}}
	got := wireOf(t, u)
	assert.Contains(t, got, `"phoneNumbers":[{"value":"+1 555 0100","type":"work"},{"value":"+1 555 0101","type":"satellite"}]`)

	var back User
	require.NoError(t, json.Unmarshal([]byte(got), &back))
	assert.Equal(t, u.PhoneNumbers, back.PhoneNumbers)
}
