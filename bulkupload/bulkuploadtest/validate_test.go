package bulkuploadtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/scim"
)

const (
	schemaCore       = `"urn:ietf:params:scim:schemas:core:2.0:User"`
	schemaEnterprise = `"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`
	bothSchemas      = `"schemas":[` + schemaCore + `,` + schemaEnterprise + `]`
	bulkSchemas      = `"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]`
)

// secretUser is a valid user whose values stand for personal data.
var secretUser = `{` + bothSchemas + `,"externalId":"` + secretExternalID + `","userName":"` + secretUserName + `"}`

func TestRequestRulesReject(t *testing.T) {
	okOp := opJSON("b0", secretUser)
	tests := []struct {
		name        string
		body        string
		wantMessage string
	}{
		{"body not JSON", `{"schemas":`, "the body is not valid JSON"},
		{"body an array", `[]`, "the body must be a JSON object, got array"},
		{"schemas missing", `{"Operations":[` + okOp + `]}`,
			`schemas is missing: it must list "urn:ietf:params:scim:api:messages:2.0:BulkRequest"`},
		{"schemas a string", `{"schemas":"urn:ietf:params:scim:api:messages:2.0:BulkRequest","Operations":[` + okOp + `]}`,
			"schemas must be a JSON array of strings"},
		{"schemas without BulkRequest", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + okOp + `]}`,
			`schemas must list "urn:ietf:params:scim:api:messages:2.0:BulkRequest"`},
		{"Operations missing", `{` + bulkSchemas + `}`, "Operations is missing"},
		{"operations in lower case", `{` + bulkSchemas + `,"operations":[` + okOp + `]}`,
			`Operations is missing (found "operations": names are case-sensitive)`},
		{"Operations an object", `{` + bulkSchemas + `,"Operations":{}}`, "Operations must be a JSON array, got object"},
		{"Operations empty", `{` + bulkSchemas + `,"Operations":[]}`, "Operations has 0 operations: it must have 1 to 50"},
		{"Operations over 50", bulkJSON(repeatOps(51)...), "Operations has 51 operations: it must have 1 to 50"},
		{"operation a string", bulkJSON(`"POST /Users"`), "Operations[0] must be a JSON object, got string"},
		{"method missing", bulkJSON(`{"bulkId":"b0","path":"/Users","data":` + secretUser + `}`),
			"Operations[0].method is missing"},
		{"method key capitalised", bulkJSON(`{"Method":"POST","bulkId":"b0","path":"/Users","data":` + secretUser + `}`),
			`Operations[0].method is missing (found "Method": names are case-sensitive)`},
		{"method PUT", bulkJSON(`{"method":"PUT","bulkId":"b0","path":"/Users","data":` + secretUser + `}`),
			`Operations[0].method must be "POST"`},
		{"method DELETE", bulkJSON(`{"method":"DELETE","bulkId":"b0","path":"/Users","data":` + secretUser + `}`),
			`Operations[0].method must be "POST"`},
		{"method in lower case", bulkJSON(`{"method":"post","bulkId":"b0","path":"/Users","data":` + secretUser + `}`),
			`Operations[0].method must be "POST", in that case: values are case-sensitive`},
		{"path in lower case", bulkJSON(okOp, `{"method":"POST","bulkId":"b1","path":"/users","data":`+secretUser+`}`),
			`Operations[1].path must be "/Users", in that case: values are case-sensitive`},
		{"path Groups", bulkJSON(`{"method":"POST","bulkId":"b0","path":"/Groups","data":` + secretUser + `}`),
			`Operations[0].path must be "/Users"`},
		{"path missing", bulkJSON(`{"method":"POST","bulkId":"b0","data":` + secretUser + `}`),
			"Operations[0].path is missing"},
		{"bulkId missing", bulkJSON(`{"method":"POST","path":"/Users","data":` + secretUser + `}`),
			"Operations[0].bulkId is missing"},
		{"bulkId empty", bulkJSON(opJSON("", secretUser)), "Operations[0].bulkId is empty"},
		{"bulkId a number", bulkJSON(`{"method":"POST","bulkId":7,"path":"/Users","data":` + secretUser + `}`),
			"Operations[0].bulkId must be a JSON string, got number"},
		{"bulkId repeated", bulkJSON(opJSON("b0", secretUser), opJSON("b1", secretUser), opJSON("b0", secretUser)),
			"Operations[2].bulkId repeats the bulkId of Operations[0]: bulkIds must be unique in a request"},
		{"data missing", bulkJSON(`{"method":"POST","bulkId":"b0","path":"/Users"}`), "Operations[0].data is missing"},
		{"data an array", bulkJSON(opJSON("b0", `[]`)), "Operations[0].data must be a JSON object, got array"},
		{"data null", bulkJSON(opJSON("b0", `null`)), "Operations[0].data must be a JSON object, got null"},
		{"data.schemas missing", bulkJSON(opJSON("b0", `{"externalId":"`+secretExternalID+`"}`)),
			`Operations[0].data.schemas is missing: it must list "urn:ietf:params:scim:schemas:core:2.0:User"`},
		{"data.schemas without core", bulkJSON(opJSON("b0", `{"schemas":[`+schemaEnterprise+`],"externalId":"x"}`)),
			`Operations[0].data.schemas must list "urn:ietf:params:scim:schemas:core:2.0:User"`},
		{"data.schemas without enterprise", bulkJSON(opJSON("b0", `{"schemas":[`+schemaCore+`],"externalId":"x"}`)),
			`Operations[0].data.schemas must list "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`},
		{"data.schemas of numbers", bulkJSON(opJSON("b0", `{"schemas":[1,2],"externalId":"x"}`)),
			"Operations[0].data.schemas must be a JSON array of strings"},
		{"externalId missing", bulkJSON(opJSON("b0", `{`+bothSchemas+`,"userName":"`+secretUserName+`"}`)),
			"Operations[0].data.externalId is missing"},
		{"externalid in lower case", bulkJSON(opJSON("b0", `{`+bothSchemas+`,"externalid":"`+secretExternalID+`"}`)),
			`Operations[0].data.externalId is missing (found "externalid": names are case-sensitive)`},
		{"externalId empty", bulkJSON(opJSON("b0", `{`+bothSchemas+`,"externalId":""}`)),
			"Operations[0].data.externalId is empty"},
		{"externalId a number", bulkJSON(opJSON("b0", `{`+bothSchemas+`,"externalId":1001}`)),
			"Operations[0].data.externalId must be a JSON string, got number"},
		{"emails an object", bulkJSON(opJSON("b0", `{`+bothSchemas+`,"externalId":"x","emails":{"value":"`+secretUserName+`"}}`)),
			"Operations[0].data.emails: invalid type: want a JSON array, got object"},
		{"userName a number", bulkJSON(opJSON("b0", `{`+bothSchemas+`,"externalId":"x","userName":42}`)),
			"Operations[0].data.userName: invalid type: want a JSON string, got number"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, nil)

			res := post(t, srv, tt.body)

			assert.Equal(t, http.StatusBadRequest, res.status)
			ge := graphErrorOf(t, res)
			assert.Equal(t, CodeBadRequest, ge.Code)
			assert.Equal(t, tt.wantMessage, ge.Message)
			assert.NotContains(t, ge.Message, secretExternalID)
			assert.NotContains(t, ge.Message, secretUserName)
			assert.Empty(t, srv.ExternalIDs())
			assert.Empty(t, srv.Users())
			assert.Equal(t, 0, srv.Stats().Accepted)
		})
	}
}

// repeatOps returns n valid operations with distinct bulkIds.
func repeatOps(n int) []string {
	ops := make([]string, n)
	for i := range ops {
		ops[i] = opJSON(fmt.Sprintf("b%d", i), userJSON(fmt.Sprintf("E%d", i)))
	}
	return ops
}

func TestRequestRulesAcceptLimits(t *testing.T) {
	for _, n := range []int{1, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			srv := newTestServer(t, nil)

			res := post(t, srv, bulkJSON(repeatOps(n)...))

			assert.Equal(t, http.StatusAccepted, res.status)
			assert.Len(t, srv.ExternalIDs(), n)
			assert.Equal(t, "E0", srv.ExternalIDs()[0])
		})
	}
}

func TestContentType(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		lenient     bool
		wantStatus  int
		wantMessage string
	}{
		{"exact", "application/scim+json", false, http.StatusAccepted, ""},
		{"missing", "", false, http.StatusBadRequest,
			`the Content-Type header is missing: it must be "application/scim+json"`},
		{"application/json", "application/json", false, http.StatusBadRequest,
			`Content-Type must be "application/scim+json", not "application/json"`},
		{"charset parameter", "application/scim+json; charset=utf-8", false, http.StatusBadRequest,
			`Content-Type must be "application/scim+json", not "application/scim+json; charset=utf-8"`},
		{"upper case", "Application/SCIM+JSON", false, http.StatusBadRequest,
			`Content-Type must be "application/scim+json", not "Application/SCIM+JSON"`},
		{"lenient charset parameter", "application/scim+json; charset=utf-8", true, http.StatusAccepted, ""},
		{"lenient upper case", "Application/SCIM+JSON", true, http.StatusAccepted, ""},
		{"lenient application/json", "application/json", true, http.StatusBadRequest,
			`Content-Type must be "application/scim+json", not "application/json"`},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, &Options{LenientContentType: tt.lenient})
			edit := withHeader("Content-Type", tt.contentType)
			if tt.contentType == "" {
				edit = withoutHeader("Content-Type")
			}

			res := post(t, srv, validBody("E1"), edit)

			require.Equal(t, tt.wantStatus, res.status)
			if tt.wantStatus == http.StatusAccepted {
				assert.Equal(t, []string{"E1"}, srv.ExternalIDs())
				return
			}
			ge := graphErrorOf(t, res)
			assert.Equal(t, CodeBadRequest, ge.Code)
			assert.Equal(t, tt.wantMessage, ge.Message)
			assert.Empty(t, srv.ExternalIDs())
		})
	}
}

func TestUnknownAttributeAcceptedByDefault(t *testing.T) {
	srv := newTestServer(t, nil)
	data := `{` + bothSchemas + `,"externalId":"E1","username":"` + secretUserName + `"}`

	res := post(t, srv, bulkJSON(opJSON("b0", data)))

	require.Equal(t, http.StatusAccepted, res.status)
	users := srv.Users()
	require.Len(t, users, 1)
	assert.Nil(t, users[0].UserName, "username must not be read as userName")
	assert.Equal(t, json.RawMessage(`"`+secretUserName+`"`), users[0].Unknown["username"])
}

func TestRejectUnknownAttributes(t *testing.T) {
	const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	const custom = "urn:contoso:employee"
	user := func(members string) string {
		return `{` + bothSchemas + `,"externalId":"` + secretExternalID + `",` + members + `}`
	}
	tests := []struct {
		name        string
		body        string
		wantMessage string
	}{
		{"username", bulkJSON(opJSON("b0", user(`"username":"`+secretUserName+`"`))),
			"Operations[0].data.username is not an attribute that the service processes (names are case-sensitive)"},
		{"name.given", bulkJSON(opJSON("b0", user(`"name":{"given":"Ada"}`))),
			"Operations[0].data.name.given is not an attribute that the service processes (names are case-sensitive)"},
		{"emails entry member", bulkJSON(opJSON("b0", user(`"emails":[{"value":"a@contoso.com","Type":"work"}]`))),
			"Operations[0].data.emails[0].Type is not an attribute that the service processes (names are case-sensitive)"},
		{"enterprise Department", bulkJSON(opJSON("b0", user(`"`+enterprise+`":{"Department":"Sales"}`))),
			"Operations[0].data." + enterprise + ".Department is not an attribute that the service processes (names are case-sensitive)"},
		{"extension not listed", bulkJSON(opJSON("b0", user(`"`+custom+`":{"badge":"7"}`))),
			`Operations[0].data has the extension "urn:contoso:employee", which Operations[0].data.schemas does not list`},
		{"operation member", bulkJSON(`{"method":"POST","bulkId":"b0","path":"/Users","version":"2","data":` + user(`"active":true`) + `}`),
			"Operations[0].version is not an attribute that the service processes (names are case-sensitive)"},
		{"root member", `{` + bulkSchemas + `,"Operations":[` + opJSON("b0", user(`"active":true`)) + `],"operations":[]}`,
			"operations is not an attribute that the service processes (names are case-sensitive)"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, &Options{RejectUnknownAttributes: true})

			res := post(t, srv, tt.body)

			require.Equal(t, http.StatusBadRequest, res.status)
			ge := graphErrorOf(t, res)
			assert.Equal(t, tt.wantMessage, ge.Message)
			assert.NotContains(t, ge.Message, secretUserName)
			assert.Empty(t, srv.ExternalIDs())
		})
	}
}

func TestRejectUnknownAttributesAcceptsKnown(t *testing.T) {
	srv := newTestServer(t, &Options{RejectUnknownAttributes: true})
	u := &scim.User{
		ExternalID: "E1",
		UserName:   scim.Ptr("ada@contoso.com"),
		Name:       &scim.Name{GivenName: scim.Ptr("Ada"), FamilyName: scim.Ptr("Lovelace")},
		Active:     scim.Ptr(true),
		Emails:     []scim.Email{{Value: "ada@contoso.com", Type: scim.TypeWork, Primary: true}},
		Enterprise: &scim.EnterpriseUser{Department: scim.Ptr("Research"), Manager: &scim.Manager{Value: "E0"}},
		Extensions: map[string]scim.Extension{"urn:contoso:employee": {"badge": scim.String("7")}},
	}
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{scim.NewOperation("b0", u)}}
	body, err := req.AppendJSON(nil)
	require.NoError(t, err)

	res := post(t, srv, string(body))

	require.Equal(t, http.StatusAccepted, res.status, "body: %s", res.body)
	assert.Equal(t, []*scim.User{u}, srv.Users())
}

func TestRequestRulesCheckEveryOperation(t *testing.T) {
	srv := newTestServer(t, nil)
	ops := repeatOps(50)
	ops[49] = strings.Replace(ops[49], `"/Users"`, `"/users"`, 1)

	res := post(t, srv, bulkJSON(ops...))

	require.Equal(t, http.StatusBadRequest, res.status)
	assert.Equal(t, `Operations[49].path must be "/Users", in that case: values are case-sensitive`, graphErrorOf(t, res).Message)
	assert.Empty(t, srv.ExternalIDs(), "a request with one bad operation must record none")
}
