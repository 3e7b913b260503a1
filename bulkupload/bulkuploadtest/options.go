package bulkuploadtest

import (
	"context"
	"fmt"
	"time"
)

// Defaults of the simulated service's limits.
const (
	// DefaultThrottleLimit and DefaultThrottleWindow are the stricter of the two documented
	// rates: 40 calls in any 5-second window (Entra pages on API-driven provisioning, 2025
	// and 2026). The Graph bulkUpload reference still gives 40 calls per second.
	DefaultThrottleLimit  = 40
	DefaultThrottleWindow = 5 * time.Second

	// DailyQuotaP1 and DailyQuotaGovernance are the documented calls per tenant in 24
	// hours with Entra ID P1/P2 and with Entra ID Governance. Set one of them in
	// Options.DailyQuota to simulate the quota, which is off by default.
	DailyQuotaP1         = 2000
	DailyQuotaGovernance = 6000

	// DefaultFaultRetryAfter is the wait that a 429 fault requests when its RetryAfter is
	// zero.
	DefaultFaultRetryAfter = time.Second
)

// Options configures a [Server]. A nil *Options means default values, and so does the zero
// value of each field.
type Options struct {
	// ServicePrincipalID is the object ID (a GUID) in the endpoint path. Empty means a new
	// random GUID.
	ServicePrincipalID string

	// JobID is the job ID in the endpoint path, of the form API2AAD.<32 hex>.<GUID> or
	// API2AD.<32 hex>.<GUID>. Empty means a new random API2AAD job ID.
	JobID string

	// Now returns the current time for throttling, the daily quota, token expiry, the
	// Date header and the call log. Nil means time.Now. Tests pass a fake clock so that
	// they never sleep to wait for a window to slide. Now is called concurrently.
	Now func() time.Time

	// ThrottleLimit is the number of calls allowed in any sliding window of
	// ThrottleWindow. Zero means DefaultThrottleLimit.
	ThrottleLimit int

	// ThrottleWindow is the width of the sliding throttling window. Zero means
	// DefaultThrottleWindow.
	ThrottleWindow time.Duration

	// NoThrottling turns throttling off, so no call gets a 429 from the rate limit.
	NoThrottling bool

	// CountThrottled makes throttled calls count toward the throttling window, which
	// models a service that counts every request against its limit. By default they do
	// not count, so a client that waits for the Retry-After it got is accepted next time.
	CountThrottled bool

	// NoRetryAfter leaves the Retry-After header off the 429s of the rate limit and the
	// daily quota. The bulkUpload pages document no Retry-After on these 429s, so a
	// client must cope without one.
	NoRetryAfter bool

	// DailyQuota is the number of calls allowed in any 24 hours, measured on Now. Zero
	// means no quota. See DailyQuotaP1 and DailyQuotaGovernance.
	DailyQuota int

	// LenientContentType accepts a Content-Type with parameters or in another case, such
	// as "application/scim+json; charset=utf-8". By default only the exact value
	// "application/scim+json" is accepted, because the service documents that exact value
	// and a different one is the most common cause of its 400 "Invalid Data Format".
	LenientContentType bool

	// RejectUnknownAttributes rejects with 400 a request that carries a name that the
	// service does not process by default, such as "username" for "userName", or a
	// custom extension object whose URN is missing from data.schemas. The service accepts
	// such requests with 202 and ignores or fails the attribute later, so this check is
	// off by default.
	RejectUnknownAttributes bool

	// TokenLifetime is how long the tokens of [Server.Credential] stay valid, measured on
	// Now. Zero means that they never expire, because azcore refreshes tokens on the real
	// clock and a fake clock that jumps ahead would otherwise expire them in mid-test.
	TokenLifetime time.Duration

	// CountsOnly keeps counts, externalIds and the call log but not the users, so that
	// runs of millions of records use little memory. [Server.Users] then returns nil.
	CountsOnly bool

	// Latency delays every response by this much, plus a random part of up to
	// LatencyJitter. The random part of each call depends only on its call number, so
	// runs repeat. The delay ends early, with no response, when the request's context is
	// canceled or the server closes.
	Latency       time.Duration
	LatencyJitter time.Duration

	// Sleep waits for d or until ctx is done, and returns ctx.Err() in the second case.
	// Nil means a timer on the real clock. Tests replace it to see the delays without
	// waiting. Sleep is called concurrently.
	Sleep func(ctx context.Context, d time.Duration) error

	// Faults scripts a fault for a call, keyed by call number: 1 is the first request
	// the server receives, whatever its path. A scripted fault overrides RandomFaults.
	// NewServer copies the map.
	Faults map[int]Fault

	// RandomFaults injects faults at a rate, deterministically for its seed. Nil means no
	// random faults.
	RandomFaults *RandomFaults
}

// config is Options with defaults filled in and maps copied.
type config struct {
	Options
	faults      map[int]Fault
	randomKinds []FaultKind
}

func newConfig(opts *Options) (config, error) {
	var c config
	if opts != nil {
		c.Options = *opts
	}

	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	if c.ThrottleLimit == 0 {
		c.ThrottleLimit = DefaultThrottleLimit
	}
	if c.ThrottleWindow == 0 {
		c.ThrottleWindow = DefaultThrottleWindow
	}

	if err := c.checkLimits(); err != nil {
		return config{}, err
	}
	if err := c.copyFaults(); err != nil {
		return config{}, err
	}
	return c, nil
}

func (c *config) checkLimits() error {
	switch {
	case c.ThrottleLimit < 0:
		return fmt.Errorf("ThrottleLimit %d is negative", c.ThrottleLimit)
	case c.ThrottleWindow < 0:
		return fmt.Errorf("ThrottleWindow %s is negative", c.ThrottleWindow)
	case c.DailyQuota < 0:
		return fmt.Errorf("DailyQuota %d is negative", c.DailyQuota)
	case c.TokenLifetime < 0:
		return fmt.Errorf("TokenLifetime %s is negative", c.TokenLifetime)
	case c.Latency < 0 || c.LatencyJitter < 0:
		return fmt.Errorf("Latency %s and LatencyJitter %s must not be negative", c.Latency, c.LatencyJitter)
	}
	return nil
}

func (c *config) copyFaults() error {
	c.faults = make(map[int]Fault, len(c.Faults))
	for call, f := range c.Faults {
		if call < 1 {
			return fmt.Errorf("Faults key %d is not a call number: calls are numbered from 1", call)
		}
		if err := f.check(); err != nil {
			return fmt.Errorf("Faults[%d]: %w", call, err)
		}
		c.faults[call] = f
	}
	c.Faults = nil

	rf := c.RandomFaults
	if rf == nil {
		return nil
	}
	if rf.Rate < 0 || rf.Rate > 1 {
		return fmt.Errorf("RandomFaults.Rate %v is not between 0 and 1", rf.Rate)
	}
	if rf.RetryAfter < 0 {
		return fmt.Errorf("RandomFaults.RetryAfter %s is negative", rf.RetryAfter)
	}

	c.randomKinds = append([]FaultKind(nil), rf.Kinds...)
	if len(c.randomKinds) == 0 {
		c.randomKinds = DefaultRandomFaultKinds()
	}
	for _, k := range c.randomKinds {
		if k == FaultNone || !k.valid() {
			return fmt.Errorf("RandomFaults.Kinds contains %v, which is not a fault", k)
		}
	}
	copied := *rf
	c.RandomFaults = &copied
	return nil
}
