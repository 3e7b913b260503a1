// Package scim models the SCIM 2.0 body of the Microsoft Graph bulkUpload call: a
// BulkRequest of up to 50 POST operations, each carrying one [User] with the core schema,
// the enterprise extension and any custom extensions.
//
// # Wire form
//
// The service reads names case-sensitively and expects every extension as an object under
// its URN at the top level of the user. [User.MarshalJSON] writes exactly that form: the
// schemas list is computed from the extensions present, multi-valued attributes are always
// JSON arrays, and unset optional attributes are left out. Decoding matches names exactly,
// so a misspelled key such as "username" is kept in Unknown instead of being taken for
// userName.
//
// # Optional and null attributes
//
// Single-valued string attributes are pointers, as in the Azure SDK for Go: nil leaves the
// attribute out, a pointer to "" sends "", and [Null] sends JSON null, which clears the
// target when the provisioning app has "flow null values" turned on. [Ptr] makes a
// pointer from a value.
//
// # Validation
//
// A [Validator] checks users and bulk requests against the service's rules and returns
// every [Problem] at once, each with a severity, the record's position and externalId,
// the JSON path, a [Rule] and a message that names fields, never values. [Lint] checks
// a bulk request given as raw JSON, including payloads that decoding rejects.
//
// The package does no I/O and is safe for concurrent use as long as callers do not modify
// a value while another goroutine encodes it.
package scim
