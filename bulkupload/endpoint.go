package bulkupload

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/inbound-go/inbound/auth"
)

// API versions of Microsoft Graph that serve bulkUpload.
const (
	APIVersionV1   = "v1.0"
	APIVersionBeta = "beta"
)

// Endpoint is a parsed "Provisioning API Endpoint" URL:
// https://{graph host}/{version}/servicePrincipals/{id}/synchronization/jobs/{job}/bulkUpload.
type Endpoint struct {
	// URL is the endpoint in canonical form.
	URL string

	// Cloud is the cloud of the Graph host. On a loopback host it is [auth.Global], whose
	// scope the simulator accepts.
	Cloud auth.Cloud

	// Host is the host of URL, with its port if it has one.
	Host string

	// APIVersion is APIVersionV1 or APIVersionBeta.
	APIVersion string

	// ServicePrincipalID is the object ID of the provisioning app's service principal.
	ServicePrincipalID string

	// JobID is the synchronization job's ID, such as API2AAD.<32 hex>.<GUID>.
	JobID string

	// Loopback is true when Host is a loopback address or localhost.
	Loopback bool
}

var (
	guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

	// Job IDs of API-driven jobs start with API2AAD (target Entra ID) or API2AD (target
	// on-premises Active Directory), then a 32-digit hex template ID and the tenant ID.
	jobIDPattern = regexp.MustCompile(`^API2AA?D\.[0-9a-fA-F]{32}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// ErrInvalidEndpoint is the error that [ParseEndpoint] and [NewClient] wrap when the
// endpoint URL is malformed.
var ErrInvalidEndpoint = errors.New("invalid bulkUpload endpoint")

// ParseEndpoint parses the "Provisioning API Endpoint" URL that the Entra admin center
// shows for an API-driven provisioning app. The host must be the Graph host of one of the
// clouds in [auth.Clouds], or a loopback host. https is required except on loopback hosts.
// Errors wrap ErrInvalidEndpoint and name the part that is wrong.
func ParseEndpoint(endpoint string) (Endpoint, error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		return Endpoint{}, fmt.Errorf("%w: the URL is empty; pass the Provisioning API Endpoint from the Entra admin center", ErrInvalidEndpoint)
	}

	u, err := url.Parse(endpoint)
	if err != nil {
		// url.Error repeats the whole URL, which may hold a password; only its cause is
		// kept.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return Endpoint{}, fmt.Errorf("%w: not a valid URL: %w", ErrInvalidEndpoint, err)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return Endpoint{}, fmt.Errorf("%w: %q must have no user info, query or fragment", ErrInvalidEndpoint, u.Redacted())
	}

	ep := Endpoint{Host: u.Host, Loopback: isLoopback(u.Hostname())}
	if err := ep.setCloud(u); err != nil {
		return Endpoint{}, err
	}
	if err := ep.setPath(u.Path); err != nil {
		return Endpoint{}, err
	}

	ep.URL = fmt.Sprintf("%s://%s/%s/servicePrincipals/%s/synchronization/jobs/%s/bulkUpload",
		u.Scheme, ep.Host, ep.APIVersion, ep.ServicePrincipalID, ep.JobID)
	return ep, nil
}

func (ep *Endpoint) setCloud(u *url.URL) error {
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && ep.Loopback:
	case u.Scheme == "http":
		return fmt.Errorf("%w: scheme http is allowed only on loopback hosts, use https for %s", ErrInvalidEndpoint, u.Host)
	case u.Scheme == "":
		return fmt.Errorf("%w: the URL has no scheme; it starts with https://", ErrInvalidEndpoint)
	default:
		return fmt.Errorf("%w: scheme %q is not https", ErrInvalidEndpoint, u.Scheme)
	}

	if ep.Loopback {
		ep.Cloud = auth.Global
		return nil
	}

	cloud, ok := auth.CloudForGraphHost(u.Hostname())
	if !ok {
		return fmt.Errorf("%w: host %q is not a Microsoft Graph host (want one of %s)", ErrInvalidEndpoint, u.Host, graphHosts())
	}
	if u.Port() != "" && u.Port() != "443" {
		return fmt.Errorf("%w: port %s is not served by Microsoft Graph; remove it from the URL", ErrInvalidEndpoint, u.Port())
	}
	ep.Cloud = cloud
	ep.Host = cloud.GraphHost
	return nil
}

// setPath reads the version, service principal ID and job ID from the URL path.
func (ep *Endpoint) setPath(path string) error {
	const want = "/{v1.0|beta}/servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload"
	parts := strings.Split(strings.Trim(path, "/"), "/")
	// Graph matches path segments without regard to case, so a URL typed by hand in
	// another case still works; ParseEndpoint writes the canonical case.
	if len(parts) != 7 || !strings.EqualFold(parts[1], "servicePrincipals") ||
		!strings.EqualFold(parts[3], "synchronization") || !strings.EqualFold(parts[4], "jobs") ||
		!strings.EqualFold(parts[6], "bulkUpload") {
		return fmt.Errorf("%w: path %q does not have the form %s", ErrInvalidEndpoint, path, want)
	}

	version := strings.ToLower(parts[0])
	if version != APIVersionV1 && version != APIVersionBeta {
		return fmt.Errorf("%w: API version %q is not %s or %s", ErrInvalidEndpoint, parts[0], APIVersionV1, APIVersionBeta)
	}
	if err := checkIDs(parts[2], parts[5]); err != nil {
		return err
	}

	ep.APIVersion = version
	ep.ServicePrincipalID = strings.ToLower(parts[2])
	ep.JobID = parts[5]
	return nil
}

func checkIDs(servicePrincipalID, jobID string) error {
	if !guidPattern.MatchString(servicePrincipalID) {
		return fmt.Errorf("%w: service principal ID %q is not a GUID (use the object ID of the provisioning app's service principal)",
			ErrInvalidEndpoint, servicePrincipalID)
	}
	if !jobIDPattern.MatchString(jobID) {
		return fmt.Errorf("%w: job ID %q does not have the form API2AAD.<32 hex digits>.<GUID> or API2AD.<32 hex digits>.<GUID>",
			ErrInvalidEndpoint, jobID)
	}
	return nil
}

// EndpointURL builds the "Provisioning API Endpoint" URL from its parts. version is
// APIVersionV1 or APIVersionBeta.
func EndpointURL(cloud auth.Cloud, version, servicePrincipalID, jobID string) (string, error) {
	if _, ok := auth.CloudForGraphHost(cloud.GraphHost); !ok {
		return "", fmt.Errorf("%w: host %q is not a Microsoft Graph host (want one of %s)", ErrInvalidEndpoint, cloud.GraphHost, graphHosts())
	}

	raw := fmt.Sprintf("https://%s/%s/servicePrincipals/%s/synchronization/jobs/%s/bulkUpload",
		cloud.GraphHost, version, url.PathEscape(servicePrincipalID), url.PathEscape(jobID))
	ep, err := ParseEndpoint(raw)
	if err != nil {
		return "", err
	}
	return ep.URL, nil
}

func graphHosts() string {
	hosts := make([]string, 0, 4)
	for _, c := range auth.Clouds() {
		hosts = append(hosts, c.GraphHost)
	}
	return strings.Join(hosts, ", ")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
