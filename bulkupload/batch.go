package bulkupload

import (
	"fmt"
	"iter"

	"github.com/google/uuid"

	"github.com/inbound-go/inbound/scim"
)

// MaxOperations is the most operations that one bulk request may carry (Graph bulkUpload
// reference, 2026).
const MaxOperations = 50

// Batches groups users into bulk requests of at most size operations, each a POST to
// /Users with a new random UUID as its bulkId, so bulkIds are unique across the run. Size
// must be from 1 to MaxOperations; use MaxOperations unless a test needs smaller requests,
// because the daily call quota counts calls, not records.
//
// A request never holds two users with the same externalId, which the service rejects:
// a repeat closes the open request early and starts the next one. The returned sequence
// reads users lazily and never yields an empty request. Each request it yields is new
// and belongs to the caller. A nil user becomes an operation without data, which
// encoding reports as an error naming its index.
func Batches(users iter.Seq[*scim.User], size int) (iter.Seq[*scim.BulkRequest], error) {
	if size < 1 || size > MaxOperations {
		return nil, fmt.Errorf("bulkupload: batch size %d is out of range: want 1 to %d", size, MaxOperations)
	}

	return func(yield func(*scim.BulkRequest) bool) {
		req := &scim.BulkRequest{Operations: make([]scim.BulkOperation, 0, size)}
		for u := range users {
			if u != nil && holdsExternalID(req, u.ExternalID) {
				if !yield(req) {
					return
				}
				req = &scim.BulkRequest{Operations: make([]scim.BulkOperation, 0, size)}
			}

			req.Operations = append(req.Operations, scim.NewOperation(uuid.NewString(), u))
			if len(req.Operations) < size {
				continue
			}

			if !yield(req) {
				return
			}
			req = &scim.BulkRequest{Operations: make([]scim.BulkOperation, 0, size)}
		}

		if len(req.Operations) > 0 {
			yield(req)
		}
	}, nil
}

func holdsExternalID(req *scim.BulkRequest, externalID string) bool {
	for _, op := range req.Operations {
		if op.Data != nil && op.Data.ExternalID == externalID {
			return true
		}
	}
	return false
}
