// Package bulkuploadtest runs an in-process simulation of the Microsoft Graph bulkUpload
// endpoint of one provisioning job, for tests, in the manner of net/http/httptest.
//
// # Starting a server
//
// [NewServer] starts a TLS server on a loopback address. Its Endpoint, Credential and
// ClientOptions plug into [bulkupload.NewClient]:
//
//	srv := bulkuploadtest.NewServer(nil)
//	defer srv.Close()
//	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
//
// After the calls, [Server.Users], [Server.ExternalIDs], [Server.Calls] and [Server.Stats]
// show what the server received and accepted. A call is recorded before its response is
// sent, so these reflect every call whose response the client has seen.
//
// # What the server checks
//
// Each call goes through the steps of the service, and the first that fails gives the
// response, always with a Graph error body
// {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}:
//
//   - Options.Latency, then a fault from Options.Faults or Options.RandomFaults.
//   - The path must be the endpoint, in its v1.0 or beta form (404 ResourceNotFound),
//     and the method POST (405).
//   - Authorization must carry a token from [Server.Credential] (401
//     InvalidAuthenticationToken).
//   - The daily quota (429 QuotaExceeded), when Options.DailyQuota is set, and the
//     throttling window of 40 calls in any 5 seconds (429 TooManyRequests), both with
//     Retry-After in whole seconds.
//   - Content-Type must be exactly application/scim+json (400 BadRequest).
//   - The body must follow the service's rules, which match names and values
//     case-sensitively (400 BadRequest). It lists the BulkRequest schema and has 1 to 50
//     Operations. Each operation is a POST to /Users with a bulkId unique in the request.
//     Its data lists the core and enterprise user schemas and has a non-empty
//     externalId. The message names the operation and the rule, never an attribute value.
//
// A call that passes gets 202 with an empty body, a Location header that points at
// the job's provisioning logs on this server, a new request-id, and the
// client-request-id of the request.
//
// # Time
//
// Throttling, the daily quota, token expiry and the Date header read Options.Now, so a
// test can move a fake clock instead of sleeping. Latency waits through Options.Sleep,
// which a test can replace too.
//
// # Faults
//
// Options.Faults scripts a fault by call number, and Options.RandomFaults injects them at
// a rate, repeatably for a seed. The kinds cover what a client must survive: 429 with and
// without Retry-After, the 500 whose message reports the job's bucket as full
// ([BucketFullMessage]), 408, 502, 503, 504, 401, 403, 404 and a connection reset. A
// faulted call records no users.
package bulkuploadtest
