package bulkuploadtest

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

func TestNewServerEndpoint(t *testing.T) {
	srv := newTestServer(t, nil)

	ep, err := bulkupload.ParseEndpoint(srv.Endpoint)
	require.NoError(t, err)
	assert.Equal(t, srv.Endpoint, ep.URL)
	assert.True(t, ep.Loopback)
	assert.Equal(t, bulkupload.APIVersionV1, ep.APIVersion)
	assert.Equal(t, srv.ServicePrincipalID, ep.ServicePrincipalID)
	assert.Equal(t, srv.JobID, ep.JobID)
	assert.True(t, strings.HasPrefix(srv.Endpoint, "https://127.0.0.1:"), srv.Endpoint)
	assert.True(t, strings.HasPrefix(srv.Endpoint, srv.URL+"/v1.0/"), srv.Endpoint)
	assert.Regexp(t, regexp.MustCompile(`^API2AAD\.[0-9a-f]{32}\.[0-9a-f-]{36}$`), srv.JobID)
	_, err = uuid.Parse(srv.ServicePrincipalID)
	assert.NoError(t, err)
}

func TestNewServerGivenIDs(t *testing.T) {
	const (
		spID  = "9a1b2c3d-0000-4000-8000-00000000abcd"
		jobID = "API2AD.0123456789abcdef0123456789abcdef.11111111-2222-4333-8444-555555555555"
	)
	srv := newTestServer(t, &Options{ServicePrincipalID: strings.ToUpper(spID), JobID: jobID})

	assert.Equal(t, spID, srv.ServicePrincipalID, "the object ID is kept in canonical lower case")
	assert.Equal(t, jobID, srv.JobID)
	assert.Equal(t, srv.URL+"/v1.0/servicePrincipals/"+spID+"/synchronization/jobs/"+jobID+"/bulkUpload", srv.Endpoint)
}

func TestAcceptedHeaders(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now})

	res := post(t, srv, validBody("E1"), withHeader("client-request-id", "my-request-7"))

	require.Equal(t, http.StatusAccepted, res.status)
	assert.Empty(t, res.body)
	assert.Equal(t, "0", res.header.Get("Content-Length"))
	assert.Equal(t, srv.URL+"/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'"+srv.JobID+"'", res.header.Get("Location"))
	requestID, err := uuid.Parse(res.header.Get("request-id"))
	require.NoError(t, err, "request-id must be a GUID")
	assert.Equal(t, uuid.Version(4), requestID.Version())
	assert.Equal(t, "my-request-7", res.header.Get("client-request-id"))
	assert.Equal(t, "Mon, 02 Mar 2026 09:00:00 GMT", res.header.Get("Date"))

	calls := srv.Calls()
	require.Len(t, calls, 1)
	assert.Equal(t, Call{
		Number: 1, Time: clock.Now(), Method: http.MethodPost, Path: strings.TrimPrefix(srv.Endpoint, srv.URL),
		Status: http.StatusAccepted, RequestID: requestID.String(), ClientRequestID: "my-request-7", Operations: 1,
	}, calls[0])
}

func TestAcceptedHeadersNewIDs(t *testing.T) {
	srv := newTestServer(t, nil)

	first := post(t, srv, validBody("E1"), withoutHeader("client-request-id"))
	second := post(t, srv, validBody("E2"), withoutHeader("client-request-id"))

	require.Equal(t, http.StatusAccepted, first.status)
	require.Equal(t, http.StatusAccepted, second.status)
	_, err := uuid.Parse(first.header.Get("client-request-id"))
	assert.NoError(t, err, "a missing client-request-id is replaced by a GUID")
	assert.NotEqual(t, first.header.Get("request-id"), second.header.Get("request-id"))
	assert.NotEqual(t, first.header.Get("client-request-id"), second.header.Get("client-request-id"))
}

func TestAcceptedBetaEndpoint(t *testing.T) {
	srv := newTestServer(t, nil)
	beta := strings.Replace(srv.Endpoint, "/v1.0/", "/beta/", 1)

	res := post(t, srv, validBody("E1"), func(r *http.Request) { r.URL.Path = strings.TrimPrefix(beta, srv.URL) })

	require.Equal(t, http.StatusAccepted, res.status)
	assert.Equal(t, srv.URL+"/beta/auditLogs/provisioning/?$filter=jobid%20eq%20'"+srv.JobID+"'", res.header.Get("Location"))
}

func TestRoutes(t *testing.T) {
	srv := newTestServer(t, nil)
	path := strings.TrimPrefix(srv.Endpoint, srv.URL)
	otherGUID := "00000000-0000-4000-8000-000000000000"
	tests := []struct {
		name        string
		method      string
		path        string
		wantStatus  int
		wantMessage string
	}{
		{"endpoint", http.MethodPost, path, http.StatusAccepted, ""},
		{"service principal ID in upper case", http.MethodPost,
			strings.Replace(path, srv.ServicePrincipalID, strings.ToUpper(srv.ServicePrincipalID), 1), http.StatusAccepted, ""},
		{"root", http.MethodPost, "/", http.StatusNotFound, ""},
		{"trailing slash", http.MethodPost, path + "/", http.StatusNotFound, ""},
		{"version v2.0", http.MethodPost, strings.Replace(path, "/v1.0/", "/v2.0/", 1), http.StatusNotFound, ""},
		{"bulkupload in lower case", http.MethodPost, strings.Replace(path, "bulkUpload", "bulkupload", 1), http.StatusNotFound, ""},
		{"jobs/start", http.MethodPost, strings.Replace(path, "bulkUpload", "start", 1), http.StatusNotFound, ""},
		{"other service principal", http.MethodPost, strings.Replace(path, srv.ServicePrincipalID, otherGUID, 1),
			http.StatusNotFound, "No service principal exists with this object ID."},
		{"other job", http.MethodPost, strings.Replace(path, srv.JobID, "API2AAD.00000000000000000000000000000000."+otherGUID, 1),
			http.StatusNotFound, "No synchronization job exists with this ID."},
		{"GET", http.MethodGet, path, http.StatusMethodNotAllowed, "bulkUpload accepts only POST."},
		{"PATCH", http.MethodPatch, path, http.StatusMethodNotAllowed, "bulkUpload accepts only POST."},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Stats()

			res := post(t, srv, validBody("E1"), func(r *http.Request) {
				r.Method = tt.method
				r.URL.Path = tt.path
			})

			require.Equal(t, tt.wantStatus, res.status)
			after := srv.Stats()
			if tt.wantStatus == http.StatusAccepted {
				assert.Equal(t, before.Accepted+1, after.Accepted)
				return
			}
			ge := graphErrorOf(t, res)
			if tt.wantStatus == http.StatusNotFound {
				assert.Equal(t, CodeResourceNotFound, ge.Code)
			} else {
				assert.Equal(t, CodeMethodNotAllowed, ge.Code)
				assert.Equal(t, "POST", res.header.Get("Allow"))
			}
			if tt.wantMessage != "" {
				assert.Equal(t, tt.wantMessage, ge.Message)
			}
			assert.Equal(t, before.Accepted, after.Accepted)
			assert.Equal(t, before.ByStatus[tt.wantStatus]+1, after.ByStatus[tt.wantStatus])
		})
	}
}

func TestUploadWithClient(t *testing.T) {
	srv := newTestServer(t, nil)
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)
	users := []*scim.User{
		{
			ExternalID:  "E1",
			UserName:    scim.Ptr("ada@contoso.com"),
			Name:        &scim.Name{GivenName: scim.Ptr("Ada"), FamilyName: scim.Ptr("Lovelace")},
			DisplayName: scim.Ptr("Ada Lovelace"),
			Active:      scim.Ptr(true),
			Emails:      []scim.Email{{Value: "ada@contoso.com", Type: scim.TypeWork, Primary: true}},
			Addresses:   []scim.Address{{Type: scim.TypeWork, Locality: "London", Country: "GB"}},
			Enterprise:  &scim.EnterpriseUser{EmployeeNumber: scim.Ptr("1001"), Manager: &scim.Manager{Value: "E0"}},
			Extensions:  map[string]scim.Extension{"urn:contoso:employee": {"badge": scim.Int(7)}},
		},
		{ExternalID: "E2", Active: scim.Ptr(false), Title: scim.Null[string]()},
	}
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{
		scim.NewOperation("b1", users[0]),
		scim.NewOperation("b2", users[1]),
	}}

	resp, err := client.Upload(context.Background(), req, &bulkupload.UploadOptions{ClientRequestID: "run-1"})

	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.Equal(t, srv.URL+"/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'"+srv.JobID+"'", resp.Location)
	assert.Equal(t, "run-1", resp.ClientRequestID)
	_, err = uuid.Parse(resp.RequestID)
	assert.NoError(t, err)
	assert.NotEmpty(t, resp.Date)
	assert.Equal(t, users, srv.Users())
	assert.Equal(t, []string{"E1", "E2"}, srv.ExternalIDs())
	stats := srv.Stats()
	assert.Equal(t, 1, stats.Calls)
	assert.Equal(t, 1, stats.Accepted)
	assert.Equal(t, 2, stats.Operations)
	assert.Equal(t, map[int]int{http.StatusAccepted: 1}, stats.ByStatus)
	assert.Equal(t, 1, stats.TokensIssued)
}
