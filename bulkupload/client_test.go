package bulkupload_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

// capture is a transport that records each request's headers and body on the way to the
// simulator.
type capture struct {
	next http.RoundTripper

	mu       sync.Mutex
	headers  []http.Header
	bodies   [][]byte
	statuses []int
}

func (c *capture) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(strings.NewReader(string(body)))

	resp, err := c.next.RoundTrip(req)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.headers = append(c.headers, req.Header.Clone())
	c.bodies = append(c.bodies, body)
	if resp != nil {
		c.statuses = append(c.statuses, resp.StatusCode)
	}
	return resp, err
}

func newCapturingClient(t *testing.T, srv *bulkuploadtest.Server, retry policy.RetryOptions) (*bulkupload.Client, *capture) {
	t.Helper()
	c := &capture{next: srv.Client().Transport}
	opts := srv.ClientOptions()
	opts.Transport = c
	opts.Retry = retry
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), opts)
	require.NoError(t, err)
	return client, c
}

func oneUserRequest(externalID string) *scim.BulkRequest {
	u := &scim.User{ExternalID: externalID, Active: scim.Ptr(true), DisplayName: scim.Ptr("Zoë")}
	return &scim.BulkRequest{Operations: []scim.BulkOperation{scim.NewOperation("b-"+externalID, u)}}
}

func TestUploadAccepted(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	client, c := newCapturingClient(t, srv, policy.RetryOptions{})

	resp, err := client.Upload(context.Background(), oneUserRequest("1001"), &bulkupload.UploadOptions{ClientRequestID: "my-correlation-id"})
	require.NoError(t, err)

	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.Contains(t, resp.Location, "/auditLogs/provisioning/")
	assert.Contains(t, resp.Location, srv.JobID)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, resp.RequestID)
	assert.Equal(t, "my-correlation-id", resp.ClientRequestID)

	require.Len(t, c.headers, 1)
	assert.Equal(t, []string{"application/scim+json"}, c.headers[0].Values("Content-Type"))
	assert.True(t, strings.HasPrefix(c.headers[0].Get("Authorization"), "Bearer "))
	assert.Equal(t, "my-correlation-id", c.headers[0].Get("client-request-id"))

	require.Len(t, srv.Users(), 1)
	assert.Equal(t, "1001", srv.Users()[0].ExternalID)
	assert.Equal(t, "Zoë", *srv.Users()[0].DisplayName)
}

func TestUploadGeneratesClientRequestID(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	client, c := newCapturingClient(t, srv, policy.RetryOptions{})

	resp, err := client.Upload(context.Background(), oneUserRequest("1"), nil)
	require.NoError(t, err)
	assert.NotEmpty(t, resp.ClientRequestID)
	assert.Equal(t, c.headers[0].Get("client-request-id"), resp.ClientRequestID)
}

func TestUploadBadRequestIsResponseError(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	client, _ := newCapturingClient(t, srv, policy.RetryOptions{})

	req := oneUserRequest("1")
	req.Operations[0].Path = "/users"
	_, err := client.Upload(context.Background(), req, nil)

	var respErr *azcore.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, http.StatusBadRequest, respErr.StatusCode)
	assert.Equal(t, bulkuploadtest.CodeBadRequest, respErr.ErrorCode)

	ge, ok := bulkupload.GraphErrorOf(err)
	require.True(t, ok)
	assert.Equal(t, bulkuploadtest.CodeBadRequest, ge.Code)
	assert.Contains(t, ge.Message, "/Users")
	assert.NotEmpty(t, ge.RequestID)
	assert.Empty(t, srv.Users())
}

func TestUploadWithoutTokenIsUnauthorized(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	body, err := oneUserRequest("1").MarshalJSON()
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, srv.Endpoint, strings.NewReader(string(body)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", bulkupload.ContentType)

	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Empty(t, srv.Users())
}

func TestUploadForeignTokenIsUnauthorized(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	other := bulkuploadtest.NewServer(nil)
	defer other.Close()

	// A token from another simulator is as foreign as one from another tenant.
	client, err := bulkupload.NewClient(srv.Endpoint, other.Credential(), srv.ClientOptions())
	require.NoError(t, err)
	_, err = client.Upload(context.Background(), oneUserRequest("1"), nil)

	var respErr *azcore.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, http.StatusUnauthorized, respErr.StatusCode)
	assert.Equal(t, bulkuploadtest.CodeInvalidAuthenticationToken, respErr.ErrorCode)
}

func TestUploadRetriesThrottledWithSameBody(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultThrottled, RetryAfter: time.Second}},
	})
	defer srv.Close()
	client, c := newCapturingClient(t, srv, policy.RetryOptions{})

	resp, err := client.Upload(context.Background(), oneUserRequest("1"), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)

	require.Len(t, c.bodies, 2)
	assert.Equal(t, []int{http.StatusTooManyRequests, http.StatusAccepted}, c.statuses)
	assert.Equal(t, string(c.bodies[0]), string(c.bodies[1]), "the retry must resend the same body")
	assert.Equal(t, []string{"1"}, srv.ExternalIDs())
}

func TestUploadThrottledAboveMaxRetryDelay(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultThrottled, RetryAfter: 300 * time.Second}},
	})
	defer srv.Close()
	client, c := newCapturingClient(t, srv, policy.RetryOptions{MaxRetryDelay: 10 * time.Second})

	_, err := client.Upload(context.Background(), oneUserRequest("1"), nil)

	var throttled *bulkupload.ThrottledError
	require.ErrorAs(t, err, &throttled)
	assert.Equal(t, 300*time.Second, throttled.RetryAfter)
	var respErr *azcore.ResponseError
	require.ErrorAs(t, err, &respErr, "the 429 stays reachable as *azcore.ResponseError")
	assert.Equal(t, http.StatusTooManyRequests, respErr.StatusCode)
	assert.Len(t, c.bodies, 1, "a wait above MaxRetryDelay must not be retried")
	assert.Empty(t, srv.Users())
}

func TestUploadRetriesTransientFailures(t *testing.T) {
	kinds := []bulkuploadtest.FaultKind{
		bulkuploadtest.FaultRequestTimeout,
		bulkuploadtest.FaultBadGateway,
		bulkuploadtest.FaultServiceUnavailable,
		bulkuploadtest.FaultGatewayTimeout,
		bulkuploadtest.FaultConnectionReset,
	}
	for _, kind := range kinds {
		t.Run(kind.String(), func(t *testing.T) {
			srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: map[int]bulkuploadtest.Fault{1: {Kind: kind}}})
			defer srv.Close()
			client, c := newCapturingClient(t, srv, policy.RetryOptions{RetryDelay: time.Millisecond})

			_, err := client.Upload(context.Background(), oneUserRequest("1"), nil)
			require.NoError(t, err)
			assert.Len(t, c.bodies, 2)
			assert.Equal(t, []string{"1"}, srv.ExternalIDs())
		})
	}
}

func TestUploadNilRequest(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	client, _ := newCapturingClient(t, srv, policy.RetryOptions{})

	_, err := client.Upload(context.Background(), nil, nil)
	assert.Error(t, err)
	assert.False(t, errors.Is(err, context.Canceled))
}

func TestDescribeErrorIsOneLine(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultForbidden}},
	})
	defer srv.Close()
	client, _ := newCapturingClient(t, srv, policy.RetryOptions{})

	_, err := client.Upload(context.Background(), oneUserRequest("1"), nil)
	require.Error(t, err)

	got := bulkupload.DescribeError(err)
	assert.NotContains(t, got, "\n")
	assert.Contains(t, got, "HTTP 403 Forbidden, code "+bulkuploadtest.CodeAuthorizationRequestDenied+": ")
	assert.Regexp(t, `\(request-id [0-9a-f-]{36}\)$`, got)
	assert.NotContains(t, got, srv.Endpoint, "the URL is left to azcore's full message")
	assert.Equal(t, "plain", bulkupload.DescribeError(errors.New("plain")))
	assert.Empty(t, bulkupload.DescribeError(nil))
}
