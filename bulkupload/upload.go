package bulkupload

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/google/uuid"

	"github.com/inbound-go/inbound/scim"
)

// ContentType is the content type that the service requires, exactly. Any other value,
// application/json included, gets 400 "Invalid Data Format".
const ContentType = "application/scim+json"

// UploadOptions configures one [Client.Upload] call. A nil *UploadOptions means default
// values.
type UploadOptions struct {
	// ClientRequestID is sent as the client-request-id header, which Graph echoes and
	// records. Empty means a new random UUID.
	ClientRequestID string
}

// UploadResponse describes a request that the service accepted with 202. Accepted means
// staged: the job applies the records later, and a paused or quarantined job accepts
// requests too.
type UploadResponse struct {
	// StatusCode is 202.
	StatusCode int

	// Location is the URL of the job's provisioning logs. It covers the whole job, not
	// only this request.
	Location string

	// RequestID is Graph's request-id header, which Microsoft support requests.
	RequestID string

	// ClientRequestID is the client-request-id that was sent, as Graph echoed it.
	ClientRequestID string

	// Date is the response's Date header, or "" when it has none.
	Date string
}

// Upload sends one bulk request and returns once the service has accepted it. The body is
// encoded by [scim.BulkRequest.AppendJSON]; Upload does not validate it beyond what
// encoding needs.
//
// Transient failures are retried inside the call as configured by ClientOptions.Retry.
// Any other response is an error: *azcore.ResponseError for HTTP failures (see
// [GraphErrorOf] for Graph's code and message), with a *ThrottledError around it for 429.
func (c *Client) Upload(ctx context.Context, req *scim.BulkRequest, options *UploadOptions) (UploadResponse, error) {
	if req == nil {
		return UploadResponse{}, fmt.Errorf("bulkupload: request is nil")
	}

	body, err := req.AppendJSON(nil)
	if err != nil {
		return UploadResponse{}, fmt.Errorf("bulkupload: encode request: %w", err)
	}
	return c.UploadJSON(ctx, body, options)
}

// UploadJSON sends body, an encoded bulk request, as is. It lets a caller send the exact
// bytes again after a failure. Errors are those of [Client.Upload].
func (c *Client) UploadJSON(ctx context.Context, body []byte, options *UploadOptions) (UploadResponse, error) {
	clientRequestID := ""
	if options != nil {
		clientRequestID = options.ClientRequestID
	}
	if clientRequestID == "" {
		clientRequestID = uuid.NewString()
	}

	req, err := runtime.NewRequest(ctx, http.MethodPost, c.endpoint.URL)
	if err != nil {
		return UploadResponse{}, fmt.Errorf("bulkupload: build request: %w", err)
	}
	req.Raw().Header.Set("client-request-id", clientRequestID)
	req.Raw().Header.Set("Accept", "application/json")
	if err := req.SetBody(streaming.NopCloser(bytes.NewReader(body)), ContentType); err != nil {
		return UploadResponse{}, fmt.Errorf("bulkupload: set body: %w", err)
	}

	resp, err := c.pipeline.Do(req)
	if err != nil {
		return UploadResponse{}, err
	}
	return c.uploadResponse(resp)
}

// uploadResponse turns resp into an UploadResponse or, for any status but 202, an error.
func (c *Client) uploadResponse(resp *http.Response) (UploadResponse, error) {
	if resp.StatusCode != http.StatusAccepted {
		err := runtime.NewResponseError(resp)
		if resp.StatusCode == http.StatusTooManyRequests {
			throttled := newThrottledError(resp, err)
			c.logger.Warn("bulkUpload throttled",
				"retryAfter", throttled.RetryAfter, "requestId", resp.Header.Get("request-id"))
			return UploadResponse{}, throttled
		}
		return UploadResponse{}, err
	}

	defer resp.Body.Close()
	return UploadResponse{
		StatusCode:      resp.StatusCode,
		Location:        resp.Header.Get("Location"),
		RequestID:       resp.Header.Get("request-id"),
		ClientRequestID: resp.Header.Get("client-request-id"),
		Date:            resp.Header.Get("Date"),
	}, nil
}
