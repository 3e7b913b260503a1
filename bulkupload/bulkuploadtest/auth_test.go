package bulkuploadtest

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthenticationRejects(t *testing.T) {
	const (
		empty    = "Access token is empty."
		invalid  = "Access token validation failure. Invalid signature."
		audience = "Access token validation failure. Invalid audience."
	)
	srv := newTestServer(t, &Options{ThrottleLimit: 1})
	other := newTestServer(t, nil)
	valid := tokenFor(t, srv)
	payload, mac, _ := strings.Cut(strings.TrimPrefix(valid, tokenPrefix), ".")
	claims, err := base64.RawURLEncoding.DecodeString(payload)
	require.NoError(t, err)
	forgedClaims := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(claims), "1|", "99|", 1)))
	usGov, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{
		Scopes: []string{"https://graph.microsoft.us/.default"},
	})
	require.NoError(t, err)

	tests := []struct {
		name          string
		authorization string
		wantMessage   string
	}{
		{"no header", "", empty},
		{"Basic scheme", "Basic dXNlcjpwYXNz", empty},
		{"Bearer without token", "Bearer ", empty},
		{"random token", "Bearer eyJ0eXAiOiJKV1QifQ.e30.c2ln", invalid},
		{"prefix only", "Bearer " + tokenPrefix, invalid},
		{"token of another server", "Bearer " + tokenFor(t, other), invalid},
		{"changed claims", "Bearer " + tokenPrefix + forgedClaims + "." + mac, invalid},
		{"changed signature", "Bearer " + tokenPrefix + payload + ".AAAA", invalid},
		{"token for another cloud", "Bearer " + usGov.Token, audience},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edit := withHeader("Authorization", tt.authorization)
			if tt.authorization == "" {
				edit = withoutHeader("Authorization")
			}

			res := post(t, srv, validBody(secretExternalID), edit)

			require.Equal(t, http.StatusUnauthorized, res.status)
			ge := graphErrorOf(t, res)
			assert.Equal(t, CodeInvalidAuthenticationToken, ge.Code)
			assert.Equal(t, tt.wantMessage, ge.Message)
			assert.Empty(t, srv.ExternalIDs())
		})
	}

	// With a throttle limit of 1, this call would be throttled if any 401 had counted.
	res := post(t, srv, validBody("E1"), withHeader("Authorization", "bearer "+valid))
	assert.Equal(t, http.StatusAccepted, res.status, "a valid token is accepted with the scheme in any case")
	assert.Equal(t, len(tests), srv.Stats().ByStatus[http.StatusUnauthorized])
}

func TestTokenLifetime(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now, TokenLifetime: time.Hour, NoThrottling: true})
	tk, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphScope}})
	require.NoError(t, err)
	assert.Equal(t, clock.Now().Add(time.Hour), tk.ExpiresOn)
	bearer := withHeader("Authorization", "Bearer "+tk.Token)

	clock.Advance(time.Hour - time.Second)
	before := post(t, srv, validBody("E1"), bearer)
	clock.Advance(time.Second)
	after := post(t, srv, validBody("E2"), bearer)

	assert.Equal(t, http.StatusAccepted, before.status)
	require.Equal(t, http.StatusUnauthorized, after.status)
	ge := graphErrorOf(t, after)
	assert.Equal(t, CodeInvalidAuthenticationToken, ge.Code)
	assert.Equal(t, "Lifetime validation failed, the token is expired.", ge.Message)
	assert.Equal(t, []string{"E1"}, srv.ExternalIDs())
}

func TestTokensWithoutLifetimeDoNotExpire(t *testing.T) {
	clock := newFakeClock()
	srv := newTestServer(t, &Options{Now: clock.Now})
	tk, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphScope}})
	require.NoError(t, err)
	assert.Equal(t, clock.Now().Add(time.Hour), tk.ExpiresOn, "ExpiresOn still tells azcore when to refresh")

	clock.Advance(365 * 24 * time.Hour)
	res := post(t, srv, validBody("E1"), withHeader("Authorization", "Bearer "+tk.Token))

	assert.Equal(t, http.StatusAccepted, res.status)
}

func TestCredentialGetToken(t *testing.T) {
	srv := newTestServer(t, nil)
	cred := srv.Credential()

	_, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{})
	assert.EqualError(t, err, "bulkuploadtest: GetToken needs at least one scope")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{graphScope}})
	assert.ErrorIs(t, err, context.Canceled)

	first, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphScope}})
	require.NoError(t, err)
	second, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphScope}})
	require.NoError(t, err)
	assert.NotEqual(t, first.Token, second.Token)
	assert.True(t, strings.HasPrefix(first.Token, tokenPrefix), first.Token)
	assert.Equal(t, 2, srv.Stats().TokensIssued)
}
