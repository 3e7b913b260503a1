// Package bulkupload sends SCIM bulk requests to the Microsoft Graph bulkUpload endpoint of
// an API-driven provisioning job.
//
// # Creating a client
//
// [NewClient] takes the "Provisioning API Endpoint" URL that the Entra admin center shows
// for the provisioning app, and an azcore.TokenCredential such as one from azidentity.
// The client derives the Graph cloud and token scope from the URL's host:
//
//	cred, err := azidentity.NewDefaultAzureCredential(nil)
//	client, err := bulkupload.NewClient(endpoint, cred, nil)
//
// The credential's app needs the application permission SynchronizationData-User.Upload,
// or SynchronizationData-User.Upload.OwnedBy for a provisioning app that it owns.
//
// # Sending one request
//
// [Client.Upload] sends one [scim.BulkRequest] of 1 to 50 operations with the content type
// application/scim+json and returns once the service has responded 202 Accepted. Accepted
// means staged: the job applies the records later and reports them in its provisioning
// logs, which [UploadResponse.Location] points to. [Batches] groups any sequence of users
// into requests.
//
// # Errors
//
// HTTP failures are *azcore.ResponseError; [GraphErrorOf] returns Graph's error code and
// message. A 429 that the client does not retry is a [*ThrottledError] that carries the
// Retry-After. The client retries 408, 429, 500, 502, 503, 504 and transport errors up to
// [DefaultMaxRetries] times, honouring Retry-After up to [DefaultMaxRetryDelay]; set
// ClientOptions.Retry to change that.
//
// # Uploading many records
//
// [Uploader] is for whole runs: it validates each record, packs records into requests,
// keeps a few requests in flight, paces calls so that the service never sees more than its
// limit (default 40 calls in any 5 seconds, see [Pacing]), pauses every worker after a 429
// or a full ingestion bucket, and retries transient failures. Every record ends as sent,
// rejected before sending, or failed, each reported through a callback and counted in the
// [Summary]. With UploaderOptions.Journal set, a run that crashed or was stopped resumes
// without sending again what the service accepted. UploaderOptions.DailyCallBudget keeps a
// run within the tenant's daily call quota.
//
// # Logging
//
// azcore's log package reports HTTP events. ClientOptions.Logger and UploaderOptions.Logger
// take a *slog.Logger for the SDK's own events. Neither logs tokens or attribute values:
// only counts, positions, bulkIds and request IDs.
//
// # Testing
//
// Package bulkuploadtest runs a simulation of the endpoint on loopback, with throttling,
// a daily quota and fault injection, and gives a client configured for it.
package bulkupload
