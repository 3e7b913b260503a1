package bulkupload

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/auth"
)

const (
	testSPID  = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	testJobID = "API2AAD.0123456789abcdef0123456789abcdef.11111111-2222-4333-8444-555555555555"
)

func endpointOn(host, version string) string {
	return "https://" + host + "/" + version + "/servicePrincipals/" + testSPID +
		"/synchronization/jobs/" + testJobID + "/bulkUpload"
}

func TestParseEndpointAllCloudsAndVersions(t *testing.T) {
	for _, cloud := range auth.Clouds() {
		for _, version := range []string{APIVersionV1, APIVersionBeta} {
			t.Run(cloud.Name+"/"+version, func(t *testing.T) {
				ep, err := ParseEndpoint(endpointOn(cloud.GraphHost, version))
				require.NoError(t, err)

				assert.Equal(t, cloud, ep.Cloud)
				assert.Equal(t, cloud.Scope, ep.Cloud.Scope)
				assert.Equal(t, version, ep.APIVersion)
				assert.Equal(t, testSPID, ep.ServicePrincipalID)
				assert.Equal(t, testJobID, ep.JobID)
				assert.False(t, ep.Loopback)
				assert.Equal(t, endpointOn(cloud.GraphHost, version), ep.URL)
			})
		}
	}
}

func TestParseEndpointOnPremisesJob(t *testing.T) {
	job := "API2AD.0123456789abcdef0123456789abcdef.11111111-2222-4333-8444-555555555555"
	raw := "https://graph.microsoft.com/beta/servicePrincipals/" + testSPID + "/synchronization/jobs/" + job + "/bulkUpload"
	ep, err := ParseEndpoint(raw)
	require.NoError(t, err)
	assert.Equal(t, job, ep.JobID)
}

func TestParseEndpointCanonicalCase(t *testing.T) {
	raw := "https://Graph.Microsoft.com:443/V1.0/serviceprincipals/" + testSPID + "/Synchronization/JOBS/" + testJobID + "/bulkupload"
	ep, err := ParseEndpoint(raw)
	require.NoError(t, err)
	assert.Equal(t, endpointOn("graph.microsoft.com", "v1.0"), ep.URL)
}

func TestParseEndpointLoopback(t *testing.T) {
	for _, host := range []string{"127.0.0.1:8443", "localhost:9000", "[::1]:443"} {
		for _, scheme := range []string{"http", "https"} {
			raw := scheme + "://" + host + "/v1.0/servicePrincipals/" + testSPID + "/synchronization/jobs/" + testJobID + "/bulkUpload"
			ep, err := ParseEndpoint(raw)
			require.NoError(t, err, raw)
			assert.True(t, ep.Loopback, raw)
			assert.Equal(t, host, ep.Host)
			assert.Equal(t, auth.Global.Scope, ep.Cloud.Scope)
		}
	}
}

func TestParseEndpointRejects(t *testing.T) {
	base := "/servicePrincipals/" + testSPID + "/synchronization/jobs/" + testJobID + "/bulkUpload"
	cases := []struct {
		name    string
		url     string
		mention string
	}{
		{"http on graph", "http://graph.microsoft.com/v1.0" + base, "scheme http"},
		{"http on other host", "http://10.0.0.5/v1.0" + base, "scheme http"},
		{"ftp", "ftp://graph.microsoft.com/v1.0" + base, `scheme "ftp"`},
		{"unknown host", "https://graph.example.com/v1.0" + base, `host "graph.example.com"`},
		{"port on graph", "https://graph.microsoft.com:8443/v1.0" + base, "port 8443"},
		{"empty", "  ", "empty"},
		{"no scheme", "graph.microsoft.com/v1.0" + base, "no scheme"},
		{"version", "https://graph.microsoft.com/v2.0" + base, `API version "v2.0"`},
		{"short path", "https://graph.microsoft.com/v1.0/servicePrincipals/" + testSPID, "path"},
		{"extra segment", "https://graph.microsoft.com/v1.0/servicePrincipals/" + testSPID + "/synchronization/jobs/" + testJobID + "/bulkUpload/x", "path"},
		{"app id not guid", "https://graph.microsoft.com/v1.0/servicePrincipals/my-app/synchronization/jobs/" + testJobID + "/bulkUpload", `service principal ID "my-app"`},
		{"guid too short", "https://graph.microsoft.com/v1.0/servicePrincipals/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4/synchronization/jobs/" + testJobID + "/bulkUpload", "service principal ID"},
		{"job prefix", "https://graph.microsoft.com/v1.0/servicePrincipals/" + testSPID + "/synchronization/jobs/AAD2AAD.0123456789abcdef0123456789abcdef.11111111-2222-4333-8444-555555555555/bulkUpload", `job ID "AAD2AAD.`},
		{"job template", "https://graph.microsoft.com/v1.0/servicePrincipals/" + testSPID + "/synchronization/jobs/API2AAD.0123.11111111-2222-4333-8444-555555555555/bulkUpload", "job ID"},
		{"query", endpointOn("graph.microsoft.com", "v1.0") + "?x=1", "query"},
		{"not a url", "://nope", "invalid bulkUpload endpoint"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseEndpoint(tc.url)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidEndpoint))
			assert.Contains(t, err.Error(), tc.mention)
		})
	}
}

func TestEndpointURL(t *testing.T) {
	got, err := EndpointURL(auth.USGovL5, APIVersionBeta, testSPID, testJobID)
	require.NoError(t, err)
	assert.Equal(t, endpointOn("dod-graph.microsoft.us", "beta"), got)

	_, err = EndpointURL(auth.Global, APIVersionV1, "not-a-guid", testJobID)
	assert.ErrorContains(t, err, `service principal ID "not-a-guid"`)

	_, err = EndpointURL(auth.Global, APIVersionV1, testSPID, "job")
	assert.ErrorContains(t, err, `job ID "job"`)

	_, err = EndpointURL(auth.Cloud{GraphHost: "example.com"}, APIVersionV1, testSPID, testJobID)
	assert.ErrorContains(t, err, `host "example.com"`)
}

func TestNewClientRejectsBadEndpoint(t *testing.T) {
	_, err := NewClient("https://graph.microsoft.com/v1.0/servicePrincipals/x/synchronization/jobs/y/bulkUpload", nil, nil)
	assert.ErrorIs(t, err, ErrInvalidEndpoint)
	assert.ErrorContains(t, err, `service principal ID "x"`)
}

func TestParseEndpointHidesPassword(t *testing.T) {
	_, err := ParseEndpoint("https://user:s3cret Passw0rd@graph.microsoft.com/v1.0/servicePrincipals/x")
	require.ErrorIs(t, err, ErrInvalidEndpoint)
	assert.NotContains(t, err.Error(), "s3cret")
}
