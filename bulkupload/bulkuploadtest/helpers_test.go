package bulkuploadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/require"
)

// graphScope is the scope that bulkupload.Client requests for a loopback endpoint.
const graphScope = "https://graph.microsoft.com/.default"

// secretExternalID and secretUserName stand for personal data. No error message may
// contain them.
const (
	secretExternalID = "E-SECRET-1001"
	secretUserName   = "secret.person@contoso.com"
)

// fakeClock is a clock that moves only when a test advances it. It is safe for
// concurrent use, because handlers read it concurrently.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTestServer(t *testing.T, opts *Options) *Server {
	t.Helper()
	srv := NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

func tokenFor(t *testing.T, srv *Server) string {
	t.Helper()
	tk, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphScope}})
	require.NoError(t, err)
	return tk.Token
}

// result is a response with its body read.
type result struct {
	status int
	header http.Header
	body   []byte
}

// post sends body to srv.Endpoint as a valid client would, after edit has changed the
// request, and fails the test on a transport error.
func post(t *testing.T, srv *Server, body string, edit ...func(*http.Request)) result {
	t.Helper()
	res, err := tryPost(t, srv, body, edit...)
	require.NoError(t, err)
	return res
}

// tryPost is post that returns the transport error.
func tryPost(t *testing.T, srv *Server, body string, edit ...func(*http.Request)) (result, error) {
	t.Helper()
	req := newUploadRequest(t, srv, context.Background(), body)
	for _, e := range edit {
		e(req)
	}
	return do(srv, req)
}

// newUploadRequest returns a valid request that carries body to srv.Endpoint.
func newUploadRequest(t *testing.T, srv *Server, ctx context.Context, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.Endpoint, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/scim+json")
	req.Header.Set("Authorization", "Bearer "+tokenFor(t, srv))
	return req
}

func do(srv *Server, req *http.Request) (result, error) {
	resp, err := srv.Client().Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, err
	}
	return result{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

func withHeader(name, value string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

func withoutHeader(name string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Del(name) }
}

// graphErrorOf decodes res's body, which must be a Graph error with every field set.
func graphErrorOf(t *testing.T, res result) graphError {
	t.Helper()
	require.Equal(t, "application/json", res.header.Get("Content-Type"))

	dec := json.NewDecoder(strings.NewReader(string(res.body)))
	dec.DisallowUnknownFields()
	var body graphErrorBody
	require.NoError(t, dec.Decode(&body), "body: %s", res.body)
	require.NotEmpty(t, body.Error.Code)
	require.NotEmpty(t, body.Error.Message)
	require.Equal(t, res.header.Get("request-id"), body.Error.InnerError.RequestID)
	require.Equal(t, res.header.Get("client-request-id"), body.Error.InnerError.ClientRequestID)
	require.NotEmpty(t, body.Error.InnerError.Date)
	return body.Error
}

// userJSON returns a valid user with the given externalId.
func userJSON(externalID string) string {
	return fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",`+
		`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],`+
		`"externalId":%q,"userName":"%s","active":true}`, externalID, strings.ToLower(externalID)+"@contoso.com")
}

// opJSON returns a valid operation with the given bulkId and data.
func opJSON(bulkID, data string) string {
	return fmt.Sprintf(`{"method":"POST","bulkId":%q,"path":"/Users","data":%s}`, bulkID, data)
}

// bulkJSON returns a bulk request of the given operations.
func bulkJSON(ops ...string) string {
	return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[` +
		strings.Join(ops, ",") + `],"failOnErrors":null}`
}

// validBody returns a valid bulk request with one operation per externalId.
func validBody(externalIDs ...string) string {
	ops := make([]string, len(externalIDs))
	for i, id := range externalIDs {
		ops[i] = opJSON(fmt.Sprintf("b%d", i), userJSON(id))
	}
	return bulkJSON(ops...)
}
