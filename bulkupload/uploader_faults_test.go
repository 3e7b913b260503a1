package bulkupload_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
)

type fault = bulkuploadtest.Fault

func TestUploaderRetriesEachTransientFault(t *testing.T) {
	cases := []struct {
		fault     fault
		reason    string
		throttled int
	}{
		{fault{Kind: bulkuploadtest.FaultThrottled, RetryAfter: time.Second}, bulkupload.ReasonThrottled, 1},
		{fault{Kind: bulkuploadtest.FaultThrottledMillis, RetryAfter: 30 * time.Millisecond}, bulkupload.ReasonThrottled, 1},
		{fault{Kind: bulkuploadtest.FaultThrottledNoRetryAfter}, bulkupload.ReasonThrottled, 1},
		{fault{Kind: bulkuploadtest.FaultBucketFull}, bulkupload.ReasonBucketFull, 0},
		{fault{Kind: bulkuploadtest.FaultInternalServerError}, bulkupload.ReasonTransient, 0},
		{fault{Kind: bulkuploadtest.FaultBadGateway}, bulkupload.ReasonTransient, 0},
		{fault{Kind: bulkuploadtest.FaultServiceUnavailable}, bulkupload.ReasonTransient, 0},
		{fault{Kind: bulkuploadtest.FaultGatewayTimeout}, bulkupload.ReasonTransient, 0},
		{fault{Kind: bulkuploadtest.FaultRequestTimeout}, bulkupload.ReasonTransient, 0},
		{fault{Kind: bulkuploadtest.FaultConnectionReset}, bulkupload.ReasonTransient, 0},
		{fault{Kind: bulkuploadtest.FaultUnauthorized}, bulkupload.ReasonUnauthorized, 0},
	}
	for _, tc := range cases {
		t.Run(tc.fault.Kind.String(), func(t *testing.T) {
			srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: map[int]fault{3: tc.fault}})
			defer srv.Close()
			users := syntheticUsers(95)

			summary, err, o := runUpload(t, srv, fastOptions(), users)
			require.NoError(t, err)

			assert.Equal(t, 95, summary.Sent)
			assert.Equal(t, 10, summary.Requests)
			assert.Equal(t, 11, summary.Calls)
			assert.Equal(t, 1, summary.Retries)
			assert.Equal(t, tc.throttled, summary.Throttled)
			assert.Equal(t, []string{tc.reason}, o.retryReasons())
			assertAccounted(t, users, srv, summary, o)
		})
	}
}

func TestUploaderRetryResendsSameBody(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]fault{1: {Kind: bulkuploadtest.FaultServiceUnavailable}},
	})
	defer srv.Close()
	users := syntheticUsers(10)
	opts := fastOptions()
	opts.Concurrency = 1

	c := &capture{next: srv.Client().Transport}
	clientOpts := srv.ClientOptions()
	clientOpts.Transport = c
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), clientOpts)
	require.NoError(t, err)
	up, err := bulkupload.NewUploader(client, opts)
	require.NoError(t, err)

	_, err = up.Run(t.Context(), seq2(users))
	require.NoError(t, err)

	require.Len(t, c.bodies, 2)
	assert.Equal(t, string(c.bodies[0]), string(c.bodies[1]))
	assert.Equal(t, []int{http.StatusServiceUnavailable, http.StatusAccepted}, c.statuses)
}

func TestUploaderFailsRequestAfterMaxRetries(t *testing.T) {
	unavailable := fault{Kind: bulkuploadtest.FaultServiceUnavailable}
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]fault{1: unavailable, 2: unavailable, 3: unavailable},
	})
	defer srv.Close()
	users := syntheticUsers(30)
	opts := fastOptions()
	opts.Concurrency = 1
	opts.MaxRetries = 2

	summary, err, o := runUpload(t, srv, opts, users)
	require.NoError(t, err, "a failed request does not stop the run")

	assert.Equal(t, 10, summary.Failed)
	assert.Equal(t, 1, summary.FailedRequests)
	assert.Equal(t, 20, summary.Sent)
	require.Len(t, o.failures, 1)
	var respErr *azcore.ResponseError
	require.ErrorAs(t, o.failures[0].Err, &respErr)
	assert.Equal(t, http.StatusServiceUnavailable, respErr.StatusCode)
	assert.Equal(t, 3, o.failures[0].Attempts)
	assertAccounted(t, users, srv, summary, o)
}

func TestUploaderBadRequestNotRetried(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{RejectUnknownAttributes: true})
	defer srv.Close()
	users := syntheticUsers(30)
	users[14].Unknown = map[string]json.RawMessage{"favoriteColor": json.RawMessage(`"x"`)}

	summary, err, o := runUpload(t, srv, fastOptions(), users)
	require.NoError(t, err)

	assert.Equal(t, 20, summary.Sent)
	assert.Equal(t, 10, summary.Failed)
	assert.Equal(t, 0, summary.Retries)
	require.Len(t, o.failures, 1)
	ge, ok := bulkupload.GraphErrorOf(o.failures[0].Err)
	require.True(t, ok)
	assert.Equal(t, bulkuploadtest.CodeBadRequest, ge.Code)
	assert.Contains(t, o.failures[0].ExternalIDs, users[14].ExternalID)
	assertAccounted(t, users, srv, summary, o)
}

func TestUploaderStopsOnPermanentFaults(t *testing.T) {
	cases := []struct {
		faults map[int]fault
		status int
		hint   string
	}{
		{map[int]fault{3: {Kind: bulkuploadtest.FaultForbidden}}, http.StatusForbidden, "SynchronizationData-User.Upload"},
		{map[int]fault{3: {Kind: bulkuploadtest.FaultNotFound}}, http.StatusNotFound, "service principal ID"},
		{map[int]fault{3: {Kind: bulkuploadtest.FaultUnauthorized}, 4: {Kind: bulkuploadtest.FaultUnauthorized}}, http.StatusUnauthorized, "fresh token"},
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: tc.faults})
			defer srv.Close()
			users := syntheticUsers(500)
			opts := fastOptions()
			opts.Concurrency = 1

			summary, err, o := runUpload(t, srv, opts, users)

			var stop *bulkupload.StopError
			require.ErrorAs(t, err, &stop)
			assert.Equal(t, tc.status, stop.StatusCode)
			assert.Contains(t, err.Error(), tc.hint)
			assert.Equal(t, 20, summary.Sent, "the two requests before the fault were sent")
			assert.Less(t, summary.Read, len(users), "the run must stop early")
			if tc.status == http.StatusNotFound {
				assert.Contains(t, err.Error(), srv.ServicePrincipalID)
				assert.Contains(t, err.Error(), srv.JobID)
			}
			assertAccounted(t, users, srv, summary, o)
		})
	}
}

func TestUploaderRandomFaultsLoseNothing(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
			RandomFaults: &bulkuploadtest.RandomFaults{
				Seed: seed,
				Rate: 0.3,
				Kinds: []bulkuploadtest.FaultKind{
					bulkuploadtest.FaultThrottledMillis, bulkuploadtest.FaultThrottledNoRetryAfter,
					bulkuploadtest.FaultBucketFull, bulkuploadtest.FaultBadGateway,
					bulkuploadtest.FaultServiceUnavailable, bulkuploadtest.FaultGatewayTimeout,
					bulkuploadtest.FaultRequestTimeout, bulkuploadtest.FaultConnectionReset,
				},
				RetryAfter: 5 * time.Millisecond,
			},
		})
		users := syntheticUsers(400)
		opts := fastOptions()
		opts.MaxRetries = 20

		summary, err, o := runUpload(t, srv, opts, users)
		srv.Close()
		require.NoError(t, err, "seed %d", seed)

		assert.Equal(t, 400, summary.Sent, "seed %d", seed)
		assert.Positive(t, summary.Retries, "seed %d injected no fault", seed)
		assertAccounted(t, users, srv, summary, o)
	}
}

func TestUploaderRandomFaultsWithLowRetryLimit(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		RandomFaults: &bulkuploadtest.RandomFaults{Seed: 9, Rate: 0.6, RetryAfter: 5 * time.Millisecond,
			Kinds: []bulkuploadtest.FaultKind{bulkuploadtest.FaultThrottledMillis, bulkuploadtest.FaultBadGateway, bulkuploadtest.FaultConnectionReset}},
	})
	defer srv.Close()
	users := syntheticUsers(400)
	opts := fastOptions()
	opts.MaxRetries = 1

	summary, err, o := runUpload(t, srv, opts, users)
	require.NoError(t, err)

	assert.Positive(t, summary.Failed, "with a 60 percent fault rate and one retry some requests must fail")
	assert.Positive(t, summary.Sent)
	for _, f := range o.failures {
		assert.Equal(t, 2, f.Attempts)
		var respErr *azcore.ResponseError
		isResponse := errors.As(f.Err, &respErr)
		assert.True(t, isResponse || !errors.Is(f.Err, context.Canceled), "request %d failed for %v", f.Request, f.Err)
	}
	assertAccounted(t, users, srv, summary, o)
}

type failingCredential struct{}

func (failingCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{}, errors.New("no managed identity endpoint available")
}

func TestUploaderStopsWhenCredentialFails(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	client, err := bulkupload.NewClient(srv.Endpoint, failingCredential{}, srv.ClientOptions())
	require.NoError(t, err)
	users := syntheticUsers(100)
	opts := fastOptions()
	opts.Concurrency = 1
	o := newOutcomes()
	o.attach(opts)
	up, err := bulkupload.NewUploader(client, opts)
	require.NoError(t, err)

	summary, err := up.Run(t.Context(), seq2(users))

	var stop *bulkupload.StopError
	require.ErrorAs(t, err, &stop)
	assert.Equal(t, 0, stop.StatusCode)
	assert.Contains(t, err.Error(), "no managed identity endpoint available")
	assert.Equal(t, 0, summary.Retries, "a credential failure is not retried")
	assert.Equal(t, 0, srv.Stats().Calls)
	assertAccounted(t, users, srv, summary, o)
}

func TestUploaderStopsOnUntrustedCertificate(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	clientOpts := srv.ClientOptions()
	clientOpts.Transport = &http.Client{} // trusts only the system roots, not the simulator
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), clientOpts)
	require.NoError(t, err)
	users := syntheticUsers(30)
	opts := fastOptions()
	o := newOutcomes()
	o.attach(opts)
	up, err := bulkupload.NewUploader(client, opts)
	require.NoError(t, err)

	summary, err := up.Run(t.Context(), seq2(users))

	var stop *bulkupload.StopError
	require.ErrorAs(t, err, &stop)
	assert.Contains(t, stop.Hint, "certificate")
	assert.Equal(t, 0, summary.Retries)
	assert.Equal(t, 0, summary.Sent)
	assertAccounted(t, users, srv, summary, o)
}

func TestUploaderUnauthorizedAfterOtherFaultRetries(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: map[int]fault{
		1: {Kind: bulkuploadtest.FaultUnauthorized},
		2: {Kind: bulkuploadtest.FaultServiceUnavailable},
		3: {Kind: bulkuploadtest.FaultUnauthorized},
	}})
	defer srv.Close()
	opts := fastOptions()
	opts.Concurrency = 1

	summary, err, _ := runUpload(t, srv, opts, syntheticUsers(10))
	require.NoError(t, err, "401s that are not back to back must not stop the run")
	assert.Equal(t, 10, summary.Sent)
	assert.Equal(t, 3, summary.Retries)
}

func TestNewUploaderRejectsConcurrency(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)

	for _, n := range []int{-1, bulkupload.MaxConcurrency + 1} {
		_, err := bulkupload.NewUploader(client, &bulkupload.UploaderOptions{Concurrency: n})
		assert.ErrorContains(t, err, "concurrency", "concurrency %d", n)
	}
}
