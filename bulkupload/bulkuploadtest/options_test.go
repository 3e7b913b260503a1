package bulkuploadtest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNewServerInvalidOptions(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		wantPanic string
	}{
		{"negative throttle limit", Options{ThrottleLimit: -1},
			"bulkuploadtest: invalid Options: ThrottleLimit -1 is negative"},
		{"negative throttle window", Options{ThrottleWindow: -time.Second},
			"bulkuploadtest: invalid Options: ThrottleWindow -1s is negative"},
		{"negative daily quota", Options{DailyQuota: -1},
			"bulkuploadtest: invalid Options: DailyQuota -1 is negative"},
		{"negative token lifetime", Options{TokenLifetime: -time.Second},
			"bulkuploadtest: invalid Options: TokenLifetime -1s is negative"},
		{"negative latency", Options{Latency: -time.Second},
			"bulkuploadtest: invalid Options: Latency -1s and LatencyJitter 0s must not be negative"},
		{"fault on call 0", Options{Faults: map[int]Fault{0: {Kind: FaultBadGateway}}},
			"bulkuploadtest: invalid Options: Faults key 0 is not a call number: calls are numbered from 1"},
		{"unknown fault kind", Options{Faults: map[int]Fault{1: {Kind: FaultKind(99)}}},
			"bulkuploadtest: invalid Options: Faults[1]: unknown fault kind 99"},
		{"negative fault RetryAfter", Options{Faults: map[int]Fault{1: {Kind: FaultThrottled, RetryAfter: -time.Second}}},
			"bulkuploadtest: invalid Options: Faults[1]: RetryAfter -1s is negative"},
		{"random rate over 1", Options{RandomFaults: &RandomFaults{Rate: 1.5}},
			"bulkuploadtest: invalid Options: RandomFaults.Rate 1.5 is not between 0 and 1"},
		{"random kind none", Options{RandomFaults: &RandomFaults{Rate: 0.5, Kinds: []FaultKind{FaultNone}}},
			"bulkuploadtest: invalid Options: RandomFaults.Kinds contains FaultNone, which is not a fault"},
		{"job ID of the wrong form", Options{JobID: "job-1"},
			`bulkuploadtest: invalid Options: invalid bulkUpload endpoint: job ID "job-1" does not have the form ` +
				`API2AAD.<32 hex digits>.<GUID> or API2AD.<32 hex digits>.<GUID>`},
		{"service principal ID not a GUID", Options{ServicePrincipalID: "app"},
			`bulkuploadtest: invalid Options: invalid bulkUpload endpoint: service principal ID "app" is not a GUID ` +
				`(use the object ID of the provisioning app's service principal)`},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.wantPanic, func() {
				srv := NewServer(&tt.opts)
				srv.Close()
			})
		})
	}
}

func TestNewServerCopiesFaults(t *testing.T) {
	faults := map[int]Fault{1: {Kind: FaultBadGateway}}
	srv := newTestServer(t, &Options{Faults: faults})

	faults[1] = Fault{Kind: FaultServiceUnavailable}
	faults[2] = Fault{Kind: FaultServiceUnavailable}
	first := post(t, srv, validBody("E1"))
	second := post(t, srv, validBody("E2"))

	assert.Equal(t, 502, first.status)
	assert.Equal(t, 202, second.status)
}
