package scim

import "encoding/json"

// BulkRequest is the body of one bulkUpload call. Its schemas list is always
// [SchemaBulkRequest] on the wire.
type BulkRequest struct {
	// Operations holds 1 to 50 operations; the service rejects other counts.
	Operations []BulkOperation

	// FailOnErrors is the RFC 7644 failOnErrors count. The service documents no meaning
	// for it, and nil leaves it out.
	FailOnErrors *int

	// Unknown holds root attributes that the model does not know, as raw JSON.
	Unknown map[string]json.RawMessage
}

// BulkOperation is one operation of a [BulkRequest]: a POST of one user to /Users.
type BulkOperation struct {
	// Method is MethodPost. The service documents no other.
	Method string

	// Path is PathUsers, in that exact case.
	Path string

	// BulkID identifies the operation within its request and must be unique there.
	BulkID string

	Data *User

	// Unknown holds operation attributes that the model does not know, as raw JSON.
	Unknown map[string]json.RawMessage
}

// NewOperation returns a POST of u to /Users with the given bulkId.
func NewOperation(bulkID string, u *User) BulkOperation {
	return BulkOperation{Method: MethodPost, Path: PathUsers, BulkID: bulkID, Data: u}
}
