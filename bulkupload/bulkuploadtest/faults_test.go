package bulkuploadtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

func TestScriptedFaults(t *testing.T) {
	tests := []struct {
		fault          Fault
		wantStatus     int
		wantCode       string
		wantRetryAfter string
		wantMillis     string
	}{
		{Fault{Kind: FaultThrottled}, http.StatusTooManyRequests, CodeTooManyRequests, "1", ""},
		{Fault{Kind: FaultThrottled, RetryAfter: 1500 * time.Millisecond}, http.StatusTooManyRequests, CodeTooManyRequests, "2", ""},
		{Fault{Kind: FaultThrottled, RetryAfter: 120 * time.Second}, http.StatusTooManyRequests, CodeTooManyRequests, "120", ""},
		{Fault{Kind: FaultThrottledMillis}, http.StatusTooManyRequests, CodeTooManyRequests, "", "1000"},
		{Fault{Kind: FaultThrottledMillis, RetryAfter: 1500 * time.Millisecond}, http.StatusTooManyRequests, CodeTooManyRequests, "", "1500"},
		{Fault{Kind: FaultThrottledNoRetryAfter, RetryAfter: time.Minute}, http.StatusTooManyRequests, CodeTooManyRequests, "", ""},
		{Fault{Kind: FaultBucketFull}, http.StatusInternalServerError, CodeInternalServerError, "", ""},
		{Fault{Kind: FaultInternalServerError}, http.StatusInternalServerError, CodeInternalServerError, "", ""},
		{Fault{Kind: FaultBadGateway}, http.StatusBadGateway, CodeBadGateway, "", ""},
		{Fault{Kind: FaultServiceUnavailable}, http.StatusServiceUnavailable, CodeServiceUnavailable, "", ""},
		{Fault{Kind: FaultServiceUnavailable, RetryAfter: 30 * time.Second}, http.StatusServiceUnavailable, CodeServiceUnavailable, "30", ""},
		{Fault{Kind: FaultGatewayTimeout}, http.StatusGatewayTimeout, CodeGatewayTimeout, "", ""},
		{Fault{Kind: FaultRequestTimeout}, http.StatusRequestTimeout, CodeRequestTimeout, "", ""},
		{Fault{Kind: FaultUnauthorized}, http.StatusUnauthorized, CodeInvalidAuthenticationToken, "", ""},
		{Fault{Kind: FaultForbidden}, http.StatusForbidden, CodeAuthorizationRequestDenied, "", ""},
		{Fault{Kind: FaultNotFound}, http.StatusNotFound, CodeResourceNotFound, "", ""},
	}

	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %s", tt.fault.Kind, tt.fault.RetryAfter), func(t *testing.T) {
			srv := newTestServer(t, &Options{Faults: map[int]Fault{2: tt.fault}})

			first := post(t, srv, validBody("E1"))
			faulted := post(t, srv, validBody("E2"))
			third := post(t, srv, validBody("E3"))

			assert.Equal(t, http.StatusAccepted, first.status)
			assert.Equal(t, http.StatusAccepted, third.status)
			require.Equal(t, tt.wantStatus, faulted.status)
			assert.Equal(t, tt.wantStatus, tt.fault.Kind.StatusCode())
			ge := graphErrorOf(t, faulted)
			assert.Equal(t, tt.wantCode, ge.Code)
			assert.Equal(t, tt.wantRetryAfter, faulted.header.Get("Retry-After"))
			assert.Equal(t, tt.wantMillis, faulted.header.Get("retry-after-ms"))
			if tt.fault.Kind == FaultBucketFull {
				assert.Equal(t, BucketFullMessage, ge.Message)
				assert.Contains(t, strings.ToLower(ge.Message), "bucket")
			}

			assert.Equal(t, []string{"E1", "E3"}, srv.ExternalIDs(), "a faulted call records no users")
			calls := srv.Calls()
			require.Len(t, calls, 3)
			assert.Equal(t, tt.fault.Kind, calls[1].Fault)
			assert.Equal(t, tt.wantStatus, calls[1].Status)
			assert.Equal(t, tt.wantCode, calls[1].Code)
			assert.Equal(t, 0, calls[1].Operations)
			assert.Equal(t, FaultNone, calls[0].Fault)
		})
	}
}

func TestFaultConnectionReset(t *testing.T) {
	srv := newTestServer(t, &Options{Faults: map[int]Fault{1: {Kind: FaultConnectionReset}}})

	_, err := tryPost(t, srv, validBody("E1"))
	after := post(t, srv, validBody("E2"))

	require.Error(t, err)
	assert.Equal(t, http.StatusAccepted, after.status)
	assert.Equal(t, []string{"E2"}, srv.ExternalIDs())
	stats := srv.Stats()
	assert.Equal(t, 1, stats.Resets)
	assert.Equal(t, 2, stats.Calls)
	assert.Equal(t, map[int]int{http.StatusAccepted: 1}, stats.ByStatus)
	calls := srv.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, FaultConnectionReset, calls[0].Fault)
	assert.Equal(t, 0, calls[0].Status)
}

func TestFaultsDoNotCountTowardLimits(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{
		Now:           clock.Now,
		ThrottleLimit: 1,
		DailyQuota:    1,
		Faults:        map[int]Fault{1: {Kind: FaultServiceUnavailable}, 2: {Kind: FaultConnectionReset}},
	})

	faulted := post(t, srv, validBody("E1"))
	_, resetErr := tryPost(t, srv, validBody("E2"))
	accepted := post(t, srv, validBody("E3"))

	assert.Equal(t, http.StatusServiceUnavailable, faulted.status)
	assert.Error(t, resetErr)
	assert.Equal(t, http.StatusAccepted, accepted.status)
}

func TestFaultRetriedByClient(t *testing.T) {
	srv := newTestServer(t, &Options{Faults: map[int]Fault{
		1: {Kind: FaultServiceUnavailable},
		2: {Kind: FaultConnectionReset},
	}})
	opts := srv.ClientOptions()
	opts.Retry = policy.RetryOptions{RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond}
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), opts)
	require.NoError(t, err)
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{
		scim.NewOperation("b1", &scim.User{ExternalID: "E1", Active: scim.Ptr(true)}),
	}}

	resp, err := client.Upload(context.Background(), req, &bulkupload.UploadOptions{ClientRequestID: "retry-me"})

	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.Equal(t, []string{"E1"}, srv.ExternalIDs(), "the retry is recorded once")
	stats := srv.Stats()
	assert.Equal(t, map[int]int{http.StatusServiceUnavailable: 1, http.StatusAccepted: 1}, stats.ByStatus)
	assert.Equal(t, 1, stats.Resets)
	for _, c := range srv.Calls() {
		assert.Equal(t, "retry-me", c.ClientRequestID, "call %d", c.Number)
	}
}

// faultedCalls returns the call number and fault kind of each faulted call among n
// calls to a server with rf.
func faultedCalls(t *testing.T, rf RandomFaults, n int) map[int]FaultKind {
	t.Helper()
	srv := newTestServer(t, &Options{RandomFaults: &rf, NoThrottling: true})
	for i := range n {
		_, _ = tryPost(t, srv, validBody(fmt.Sprintf("E%d", i)))
	}

	faulted := make(map[int]FaultKind)
	for _, c := range srv.Calls() {
		if c.Fault != FaultNone {
			faulted[c.Number] = c.Fault
		}
	}
	require.Len(t, srv.ExternalIDs(), n-len(faulted))
	return faulted
}

func TestRandomFaultsDeterministic(t *testing.T) {
	rf := RandomFaults{Seed: 42, Rate: 0.3}

	first := faultedCalls(t, rf, 100)
	second := faultedCalls(t, rf, 100)
	rf.Seed = 43
	other := faultedCalls(t, rf, 100)

	assert.Equal(t, first, second, "the same seed faults the same calls with the same kinds")
	assert.NotEqual(t, first, other, "another seed faults other calls")
	assert.InDelta(t, 30, len(first), 15, "about Rate of the calls are faulted")
	for n, kind := range first {
		assert.Contains(t, DefaultRandomFaultKinds(), kind, "call %d", n)
	}
}

func TestRandomFaultsRateAndKinds(t *testing.T) {
	tests := []struct {
		name       string
		rf         RandomFaults
		wantFaults int
	}{
		{"rate 0", RandomFaults{Seed: 1, Rate: 0}, 0},
		{"rate 1", RandomFaults{Seed: 1, Rate: 1, Kinds: []FaultKind{FaultBadGateway, FaultBucketFull}}, 20},
		{"one kind", RandomFaults{Seed: 1, Rate: 0.5, Kinds: []FaultKind{FaultBucketFull}}, -1},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			faulted := faultedCalls(t, tt.rf, 20)

			if tt.wantFaults >= 0 {
				assert.Len(t, faulted, tt.wantFaults)
			} else {
				assert.NotEmpty(t, faulted)
			}
			kinds := tt.rf.Kinds
			for n, kind := range faulted {
				assert.Contains(t, kinds, kind, "call %d", n)
			}
		})
	}
}

func TestScriptedFaultOverridesRandom(t *testing.T) {
	srv := newTestServer(t, &Options{
		Faults:       map[int]Fault{2: {Kind: FaultBadGateway}},
		RandomFaults: &RandomFaults{Seed: 7, Rate: 1, Kinds: []FaultKind{FaultServiceUnavailable}},
	})

	first := post(t, srv, validBody("E1"))
	second := post(t, srv, validBody("E2"))

	assert.Equal(t, http.StatusServiceUnavailable, first.status)
	assert.Equal(t, http.StatusBadGateway, second.status)
}

func TestRandomFaultsRetryAfter(t *testing.T) {
	srv := newTestServer(t, &Options{
		RandomFaults: &RandomFaults{Rate: 1, Kinds: []FaultKind{FaultThrottled}, RetryAfter: 7 * time.Second},
	})

	res := post(t, srv, validBody("E1"))

	assert.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Equal(t, "7", res.header.Get("Retry-After"))
}

func TestFaultKindString(t *testing.T) {
	assert.Equal(t, "FaultNone", FaultNone.String())
	assert.Equal(t, "FaultBucketFull", FaultBucketFull.String())
	assert.Equal(t, "FaultConnectionReset", FaultConnectionReset.String())
	assert.Equal(t, "FaultKind(99)", FaultKind(99).String())
	assert.Equal(t, 0, FaultConnectionReset.StatusCode())
	assert.Equal(t, 0, FaultNone.StatusCode())
	assert.Equal(t, http.StatusForbidden, FaultForbidden.StatusCode())
}
