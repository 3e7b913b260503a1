// Package inbound is a Go SDK for Microsoft Entra API-driven inbound provisioning: it sends
// worker records from a system of record, such as an HR export, to the Microsoft Graph
// bulkUpload endpoint of a provisioning job.
//
// The generated Microsoft Graph SDKs cannot send this call: their request builder has no
// POST for bulkUpload, and its PATCH sends application/json, which the service rejects.
// This module sends it with the Azure SDK for Go's azcore pipeline and adds what a
// production sync needs around it.
//
// # Packages
//
//   - [github.com/inbound-go/inbound/scim]: typed SCIM 2.0 models of the request body, their
//     exact wire form, validation of records and linting of raw payloads.
//   - [github.com/inbound-go/inbound/bulkupload]: the client for one request, batching, and
//     the Uploader, which streams any number of records paced to the service's rate limit,
//     retries transient failures, checkpoints to a journal and reports each record's fate.
//   - [github.com/inbound-go/inbound/bulkupload/bulkuploadtest]: an in-process simulation of
//     the endpoint over TLS, for tests of the SDK and of programs built on it.
//   - [github.com/inbound-go/inbound/auth]: the Microsoft clouds and their token scopes.
//
// The program in examples/csvupload reads an HR export in CSV and uploads it; with no flags
// it runs against the simulator.
package inbound
