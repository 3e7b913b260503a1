package scim

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenUser is the user that testdata/user-core-enterprise-custom.json shows.
func goldenUser() *User {
	return &User{
		ExternalID: "701984",
		UserName:   Ptr("zoe.lukasz@contoso.example"),
		Name: &Name{
			Formatted:       Ptr("Zoë Łukasz-Brontë"),
			FamilyName:      Ptr("Łukasz-Brontë"),
			GivenName:       Ptr("Zoë"),
			MiddleName:      Ptr("Anne"),
			HonorificPrefix: Ptr("Dr."),
			HonorificSuffix: Ptr("III"),
		},
		DisplayName:       Ptr("Zoë Łukasz-Brontë"),
		NickName:          Ptr("Zo"),
		Title:             Ptr(`Tour Guide "Lead"`),
		UserType:          Ptr("Employee"),
		PreferredLanguage: Ptr("pl-PL"),
		Locale:            Ptr("pl-PL"),
		Timezone:          Ptr("Europe/Warsaw"),
		Active:            Ptr(false),
		Emails:            []Email{{Value: "zoe@contoso.example", Type: TypeWork, Primary: true}},
		PhoneNumbers: []PhoneNumber{
			{Value: "+48 22 555 0100", Type: TypeWork},
			{Value: "+48 600 555 010", Type: TypeMobile},
		},
		Addresses: []Address{{
			Type:          TypeWork,
			Formatted:     "ul. Złota 44\n00-120 Warszawa",
			StreetAddress: "ul. Złota 44",
			Locality:      "Warszawa",
			Region:        "Mazowieckie",
			PostalCode:    "00-120",
			Country:       "PL",
			Primary:       true,
		}},
		Enterprise: &EnterpriseUser{
			EmployeeNumber: Ptr("701984"),
			CostCenter:     Ptr("4130"),
			Organization:   Ptr("Contoso"),
			Division:       Ptr("Theme Park"),
			Department:     Ptr("Tour Operations"),
			Manager:        &Manager{Value: "89607"},
		},
		Extensions: map[string]Extension{
			"urn:contoso:employee": {"badge": Int(4711)},
			"urn:ietf:params:scim:schemas:extension:acme:1.0:User": {
				"hireDate":        DateTime(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)),
				"onLeave":         Bool(false),
				"payGrade":        String("Level-2"),
				"terminationDate": NullValue(),
			},
		},
	}
}

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)

	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, data))
	return compact.Bytes()
}

func TestUserEncodeMatchesGolden(t *testing.T) {
	got, err := json.Marshal(goldenUser())
	require.NoError(t, err)

	assert.Equal(t, string(readGolden(t, "user-core-enterprise-custom.json")), string(got))
}

func TestUserDecodeGoldenRoundTrip(t *testing.T) {
	var u User
	require.NoError(t, json.Unmarshal(readGolden(t, "user-core-enterprise-custom.json"), &u))

	assert.Equal(t, goldenUser(), &u)
}

func TestUserActiveFalseOnWire(t *testing.T) {
	got, err := json.Marshal(&User{ExternalID: "1", Active: Ptr(false)})
	require.NoError(t, err)

	var wire map[string]any
	require.NoError(t, json.Unmarshal(got, &wire))
	require.Contains(t, wire, "active")
	assert.Equal(t, false, wire["active"])
}

func TestUserUnsetAttributesOffWire(t *testing.T) {
	got, err := json.Marshal(&User{ExternalID: "1"})
	require.NoError(t, err)

	want := `{"schemas":["` + SchemaCoreUser + `","` + SchemaEnterpriseUser + `"],"externalId":"1"}`
	assert.Equal(t, want, string(got))
}

func TestUserDiacriticsKeepUTF8Bytes(t *testing.T) {
	names := []string{"Zoë", "Łukasz", "Søren Kierkegård", "José Ñúñez", "Ngozi Òkèkè", "李小龍"}
	for _, name := range names {
		got, err := json.Marshal(&User{ExternalID: "1", DisplayName: Ptr(name)})
		require.NoError(t, err)

		assert.True(t, bytes.Contains(got, []byte(`"displayName":"`+name+`"`)), "%s not sent as raw UTF-8 in %s", name, got)

		var back User
		require.NoError(t, json.Unmarshal(got, &back))
		assert.Equal(t, name, *back.DisplayName)
	}
}

func TestUserNullEmptyAndOmittedDiffer(t *testing.T) {
	cases := []struct {
		name  string
		title *string
		want  string
	}{
		{"omitted", nil, ``},
		{"empty", Ptr(""), `,"title":""`},
		{"null", Null[string](), `,"title":null`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(&User{ExternalID: "1", Title: tc.title})
			require.NoError(t, err)

			prefix := `{"schemas":["` + SchemaCoreUser + `","` + SchemaEnterpriseUser + `"],"externalId":"1"`
			assert.Equal(t, prefix+tc.want+"}", string(got))

			var back User
			require.NoError(t, json.Unmarshal(got, &back))
			assert.Equal(t, tc.title == nil, back.Title == nil)
			assert.Equal(t, IsNull(tc.title), IsNull(back.Title))
		})
	}
}

func TestUserNullManagerAndName(t *testing.T) {
	u := &User{ExternalID: "1", Name: Null[Name](), Enterprise: &EnterpriseUser{Manager: Null[Manager]()}}
	got, err := json.Marshal(u)
	require.NoError(t, err)

	assert.Contains(t, string(got), `"name":null`)
	assert.Contains(t, string(got), `"`+SchemaEnterpriseUser+`":{"manager":null}`)

	var back User
	require.NoError(t, json.Unmarshal(got, &back))
	assert.True(t, IsNull(back.Name))
	assert.True(t, IsNull(back.Enterprise.Manager))
}

func TestStringEscaping(t *testing.T) {
	cases := map[string]string{
		"plain":           `"plain"`,
		`quote"back\`:     `"quote\"back\\"`,
		"tab\tnl\ncr\r":   `"tab\tnl\ncr\r"`,
		"nul\x00bell\x07": `"nul\u0000bell\u0007"`,
		"bad\xffbyte":     `"bad\ufffdbyte"`,
		"line\u2028sep":   `"line\u2028sep"`,
		"<a&b>":           `"<a&b>"`,
	}
	for in, want := range cases {
		got := appendString(nil, in)
		assert.Equal(t, want, string(got), "input %q", in)

		var back string
		require.NoError(t, json.Unmarshal(got, &back))
		if utf8.ValidString(in) {
			assert.Equal(t, in, back)
		}
	}
}

func TestBulkRequestWireForm(t *testing.T) {
	r := &BulkRequest{Operations: []BulkOperation{NewOperation("b1", &User{ExternalID: "1", Active: Ptr(true)})}}
	got, err := json.Marshal(r)
	require.NoError(t, err)

	want := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[` +
		`{"method":"POST","bulkId":"b1","path":"/Users","data":{"schemas":["` + SchemaCoreUser + `","` +
		SchemaEnterpriseUser + `"],"externalId":"1","active":true}}]}`
	assert.Equal(t, want, string(got))
}

func TestBulkRequestEncodeWithoutData(t *testing.T) {
	r := &BulkRequest{Operations: []BulkOperation{
		NewOperation("b1", &User{ExternalID: "1"}),
		{Method: MethodPost, Path: PathUsers, BulkID: "b2"},
	}}
	_, err := r.AppendJSON(nil)

	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, 1, opErr.Index)
}
