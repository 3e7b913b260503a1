package bulkuploadtest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// tokenPrefix starts every token, so that a token in a log is easy to recognise as a
// test token.
const tokenPrefix = "bulkuploadtest."

// credential issues tokens that only its own server accepts: each token carries a
// serial number, an expiry and the scope, signed with HMAC-SHA256 under a key that is
// random per server. It is safe for concurrent use.
type credential struct {
	key      []byte
	now      func() time.Time
	lifetime time.Duration
	issued   atomic.Int64
}

func newCredential(now func() time.Time, lifetime time.Duration) *credential {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never returns an error.
	return &credential{key: key, now: now, lifetime: lifetime}
}

// GetToken issues a token for the requested scopes, as azidentity's credentials do.
func (c *credential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if err := ctx.Err(); err != nil {
		return azcore.AccessToken{}, err
	}
	if len(opts.Scopes) == 0 {
		return azcore.AccessToken{}, errors.New("bulkuploadtest: GetToken needs at least one scope")
	}

	now := c.now()
	var expiry int64
	expiresOn := now.Add(time.Hour)
	if c.lifetime > 0 {
		expiresOn = now.Add(c.lifetime)
		expiry = expiresOn.UnixNano()
	}

	serial := c.issued.Add(1)
	claims := fmt.Sprintf("%d|%d|%s", serial, expiry, strings.Join(opts.Scopes, " "))
	payload := base64.RawURLEncoding.EncodeToString([]byte(claims))
	token := tokenPrefix + payload + "." + base64.RawURLEncoding.EncodeToString(c.sign(payload))
	return azcore.AccessToken{Token: token, ExpiresOn: expiresOn}, nil
}

func (c *credential) sign(payload string) []byte {
	mac := hmac.New(sha256.New, c.key)
	mac.Write([]byte(payload))
	return mac.Sum(nil)
}

// verify checks a bearer token and returns the message of the 401 when it is not valid
// for scope at now, or "" when it is.
func (c *credential) verify(token, scope string, now time.Time) string {
	const invalid = "Access token validation failure. Invalid signature."
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return invalid
	}
	payload, sig, ok := strings.Cut(rest, ".")
	if !ok {
		return invalid
	}
	gotMAC, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(gotMAC, c.sign(payload)) {
		return invalid
	}

	claims, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return invalid
	}
	parts := strings.SplitN(string(claims), "|", 3)
	if len(parts) != 3 {
		return invalid
	}
	expiry, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return invalid
	}

	if expiry != 0 && !now.Before(time.Unix(0, expiry)) {
		return tokenExpiredMessage
	}
	if parts[2] != scope {
		return "Access token validation failure. Invalid audience."
	}
	return ""
}
