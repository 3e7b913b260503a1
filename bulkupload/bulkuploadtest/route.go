package bulkuploadtest

import (
	"net/http"
	"strings"

	"github.com/inbound-go/inbound/bulkupload"
)

// locationURL returns the Location of a 202 for a request to API version version. It
// points at this server rather than at graph.microsoft.com, so that a test that follows
// it never leaves the machine. NOTE: the server does not serve provisioning logs yet,
// so following it gives 404.
func (s *Server) locationURL(version string) string {
	return s.URL + "/" + version + "/auditLogs/provisioning/?$filter=jobid%20eq%20'" + s.JobID + "'"
}

// route returns the status, Graph error code and message of the 404 or 405 for method
// and path, or a zero status and the API version of path when they name this server's
// endpoint. Path segments must match in case, because a simulator that is stricter than
// the service is safer than one that is more lenient.
func (s *Server) route(method, path string) (status int, code, message, version string) {
	parts := strings.Split(path, "/")
	if len(parts) != 8 || parts[0] != "" ||
		(parts[1] != bulkupload.APIVersionV1 && parts[1] != bulkupload.APIVersionBeta) ||
		parts[2] != "servicePrincipals" || parts[4] != "synchronization" || parts[5] != "jobs" ||
		parts[7] != "bulkUpload" {
		return http.StatusNotFound, CodeResourceNotFound, "No resource exists at this path. The path must be " +
			"/{v1.0|beta}/servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload.", ""
	}

	// GUIDs are case-insensitive on input (RFC 4122, section 3). NOTE: whether Graph
	// matches the job ID without regard to case is not documented, so it must match
	// exactly here.
	if !strings.EqualFold(parts[3], s.ServicePrincipalID) {
		return http.StatusNotFound, CodeResourceNotFound, "No service principal exists with this object ID.", ""
	}
	if parts[6] != s.JobID {
		return http.StatusNotFound, CodeResourceNotFound, "No synchronization job exists with this ID.", ""
	}

	if method != http.MethodPost {
		return http.StatusMethodNotAllowed, CodeMethodNotAllowed, "bulkUpload accepts only POST.", ""
	}
	return 0, "", "", parts[1]
}
