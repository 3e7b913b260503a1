package bulkupload

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

const (
	moduleName    = "github.com/inbound-go/inbound"
	moduleVersion = "v0.1.0"
)

// Default retry settings of the client's pipeline, used where ClientOptions.Retry leaves a
// field zero. They are azcore's defaults with the status codes made explicit.
const (
	// DefaultMaxRetries is the number of retries after the first try.
	DefaultMaxRetries = 3

	// DefaultRetryDelay is the base of the exponential backoff used when a response
	// carries no Retry-After.
	DefaultRetryDelay = 800 * time.Millisecond

	// DefaultMaxRetryDelay caps each backoff. A 429 whose Retry-After is longer is not
	// retried: Upload returns a *ThrottledError at once so that the caller can decide
	// whether to wait.
	DefaultMaxRetryDelay = 60 * time.Second
)

// DefaultRetryStatusCodes are the HTTP status codes that the client retries by default:
// 408, 429, 500, 502, 503 and 504. Transport errors are retried too. The caller may copy
// and change the list and set it in ClientOptions.Retry.StatusCodes.
func DefaultRetryStatusCodes() []int {
	return []int{
		http.StatusRequestTimeout,
		http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout,
	}
}

// ClientOptions configures a [Client]. A nil *ClientOptions means default values.
type ClientOptions struct {
	azcore.ClientOptions

	// Logger receives the SDK's events, such as a throttled request. It never receives
	// tokens or attribute values. Nil means no logging. HTTP-level events go to azcore's
	// log package as usual.
	Logger *slog.Logger
}

// Client sends bulk requests to one provisioning job's bulkUpload endpoint. Each call sends
// one request and waits for its response; retries of transient failures happen inside the
// call. A Client is safe for concurrent use and starts no goroutines.
type Client struct {
	endpoint Endpoint
	pipeline runtime.Pipeline
	logger   *slog.Logger
}

// NewClient returns a client for endpoint, the "Provisioning API Endpoint" URL of the
// provisioning app (see [ParseEndpoint]). cred issues tokens for the scope of the
// endpoint's cloud, which the client derives from the Graph host. The token needs the
// application permission SynchronizationData-User.Upload or
// SynchronizationData-User.Upload.OwnedBy.
func NewClient(endpoint string, cred azcore.TokenCredential, options *ClientOptions) (*Client, error) {
	ep, err := ParseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if cred == nil {
		return nil, fmt.Errorf("bulkupload: credential is nil")
	}

	var opts ClientOptions
	if options != nil {
		opts = *options
	}
	opts.Retry = withRetryDefaults(opts.Retry)

	bearer := runtime.NewBearerTokenPolicy(cred, []string{ep.Cloud.Scope}, &policy.BearerTokenOptions{
		// The simulator listens on loopback; everywhere else the endpoint is https.
		InsecureAllowCredentialWithHTTP: ep.Loopback,
	})
	pipeline := runtime.NewPipeline(moduleName, moduleVersion, runtime.PipelineOptions{
		PerRetry: []policy.Policy{bearer},
	}, &opts.ClientOptions)

	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Client{endpoint: ep, pipeline: pipeline, logger: logger}, nil
}

// Endpoint returns the parsed endpoint that the client sends to.
func (c *Client) Endpoint() Endpoint {
	return c.endpoint
}

func withRetryDefaults(o policy.RetryOptions) policy.RetryOptions {
	if o.MaxRetries == 0 {
		o.MaxRetries = DefaultMaxRetries
	}
	if o.RetryDelay == 0 {
		o.RetryDelay = DefaultRetryDelay
	}
	if o.MaxRetryDelay == 0 {
		o.MaxRetryDelay = DefaultMaxRetryDelay
	}
	if o.StatusCodes == nil {
		o.StatusCodes = DefaultRetryStatusCodes()
	}
	return o
}
