package bulkuploadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/google/uuid"

	"github.com/inbound-go/inbound/bulkupload"
)

// Server is a simulated bulkUpload endpoint of one provisioning job, served over TLS on
// a loopback address. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, https://127.0.0.1:PORT, with no trailing slash.
	URL string

	// Endpoint is the full bulkUpload URL in its v1.0 form, ready for
	// bulkupload.NewClient. The server serves the beta form too.
	Endpoint string

	// ServicePrincipalID and JobID are the IDs in Endpoint.
	ServicePrincipalID string
	JobID              string

	cfg   config
	ts    *httptest.Server
	cred  *credential
	scope string

	// stopping ends the requests that wait for Latency when the server closes.
	stopping context.Context
	stop     context.CancelFunc

	// mu guards rec, throttle and quota.
	mu       sync.Mutex
	rec      record
	throttle *slidingWindow
	quota    *slidingWindow
}

// NewServer starts a server configured by opts, which may be nil. Like
// httptest.NewTLSServer, it panics when it cannot start, and also when opts holds an
// invalid value, such as a negative limit or a job ID of the wrong form. The caller must
// call Close.
func NewServer(opts *Options) *Server {
	cfg, err := newConfig(opts)
	if err != nil {
		panic("bulkuploadtest: invalid Options: " + err.Error())
	}

	s := &Server{
		ServicePrincipalID: cfg.ServicePrincipalID,
		JobID:              cfg.JobID,
		cfg:                cfg,
		cred:               newCredential(cfg.Now, cfg.TokenLifetime),
	}
	if s.ServicePrincipalID == "" {
		s.ServicePrincipalID = uuid.NewString()
	}
	if s.JobID == "" {
		s.JobID = newJobID()
	}

	// Checking the IDs with the client's own parser ensures that Endpoint is a URL that
	// bulkupload.NewClient accepts.
	ep, err := bulkupload.ParseEndpoint(endpointURL("https://127.0.0.1", s.ServicePrincipalID, s.JobID))
	if err != nil {
		panic("bulkuploadtest: invalid Options: " + err.Error())
	}
	s.ServicePrincipalID = ep.ServicePrincipalID
	s.scope = ep.Cloud.Scope

	if !cfg.NoThrottling && cfg.ThrottleLimit > 0 {
		s.throttle = &slidingWindow{limit: cfg.ThrottleLimit, width: cfg.ThrottleWindow}
	}
	if cfg.DailyQuota > 0 {
		s.quota = &slidingWindow{limit: cfg.DailyQuota, width: 24 * time.Hour}
	}

	s.stopping, s.stop = context.WithCancel(context.Background())
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))

	// A client connection that is still in its TLS handshake when the server closes makes
	// net/http log an error. The error reports nothing about the requests, so it is
	// discarded.
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.ts.StartTLS()
	s.URL = s.ts.URL
	s.Endpoint = endpointURL(s.URL, s.ServicePrincipalID, s.JobID)
	return s
}

func endpointURL(base, servicePrincipalID, jobID string) string {
	return fmt.Sprintf("%s/%s/servicePrincipals/%s/synchronization/jobs/%s/bulkUpload",
		base, bulkupload.APIVersionV1, servicePrincipalID, jobID)
}

// newJobID returns a random job ID of an API-driven job that targets Entra ID:
// API2AAD.<32 hex digits>.<tenant GUID>.
func newJobID() string {
	template := make([]byte, 16)
	_, _ = rand.Read(template) // crypto/rand.Read never returns an error.
	return "API2AAD." + hex.EncodeToString(template) + "." + uuid.NewString()
}

// Close ends the requests that wait for Latency, shuts the server down and blocks until
// every request has ended. The record of calls stays readable after Close.
func (s *Server) Close() {
	s.stop()
	s.ts.Close()
}

// Client returns an HTTP client that trusts the server's certificate. It is also a
// policy.Transporter for azcore.
func (s *Server) Client() *http.Client {
	return s.ts.Client()
}

// Credential returns a credential whose tokens this server accepts and no other server
// does. It issues a token for any scope, but the server accepts only tokens for
// Microsoft Graph's global scope, https://graph.microsoft.com/.default, which is the
// scope that bulkupload.Client requests for a loopback endpoint. ExpiresOn is
// Options.TokenLifetime after Options.Now, or one hour when tokens do not expire.
func (s *Server) Credential() azcore.TokenCredential {
	return s.cred
}

// ClientOptions returns new options for bulkupload.NewClient whose Transport is
// [Server.Client]. Everything else has its default value.
func (s *Server) ClientOptions() *bulkupload.ClientOptions {
	return &bulkupload.ClientOptions{
		ClientOptions: azcore.ClientOptions{Transport: s.Client()},
	}
}
