package scim

import (
	"strconv"
	"strings"
)

// maxOperations is the service's limit of operations per request (Graph reference,
// "Perform bulkUpload").
const maxOperations = 50

// ValidateRequest checks a bulk request: its envelope, each operation, each user, and
// the bulkIds and externalIds that operations share. Operation i is the record at
// position firstPosition+i. Paths start at the operation, so a user's attribute has
// the form "data.userName", and at the request for problems with Position -1. Users
// are remembered for the run as [Validator.ValidateUser] does.
func (v *Validator) ValidateRequest(r *BulkRequest, firstPosition int) Problems {
	return v.AppendRequestProblems(nil, r, firstPosition)
}

// AppendRequestProblems is [Validator.ValidateRequest] that appends to dst and returns
// the extended slice.
func (v *Validator) AppendRequestProblems(dst []Problem, r *BulkRequest, firstPosition int) []Problem {
	start := len(dst)
	dst = v.appendRequestProblems(dst, r, firstPosition, requestScope{trackRun: true})
	sortProblems(dst[start:])
	return dst
}

// requestScope lists what appendRequestProblems leaves out because [Lint] has already
// reported it, so that a defect is not reported twice.
type requestScope struct {
	// trackRun remembers externalIds for the run.
	trackRun bool

	// skipOperation[i] leaves operation i out of the per-operation checks, because it
	// is not a JSON object. Nil skips none.
	skipOperation []bool
}

func (v *Validator) appendRequestProblems(dst []Problem, r *BulkRequest, firstPosition int, scope requestScope) []Problem {
	c := checker{v: v, dst: dst, position: -1}
	if r == nil {
		c.report(RuleOperationCount, "Operations", "the request is nil; pass a request with 1 to 50 operations")
		return c.dst
	}
	c.checkEnvelope(r)

	c.requestStart, c.requestEnd = firstPosition, firstPosition+len(r.Operations)
	for i := range r.Operations {
		if i < len(scope.skipOperation) && scope.skipOperation[i] {
			continue
		}
		c.checkOperation(firstPosition+i, &r.Operations[i], scope.trackRun)
	}

	c.prefix = ""
	c.checkRepeats(r, firstPosition, scope.skipOperation)
	return c.dst
}

func (c *checker) checkEnvelope(r *BulkRequest) {
	n := len(r.Operations)
	switch {
	case n == 0 && foldMatch(mapKeys(r.Unknown), "Operations") != "":
		// RuleAttributeCase reports the misspelled Operations below.
	case n == 0:
		c.report(RuleOperationCount, "Operations",
			"Operations is missing or empty; send 1 to 50 operations per request")
	case n > maxOperations:
		c.report(RuleOperationCount, "Operations",
			"Operations contains "+strconv.Itoa(n)+" operations, but the service accepts at most 50 per request; split the request")
	}
	c.checkEnvelopeUnknown(requestAttributes, r.Unknown)
}

func (c *checker) checkOperation(position int, op *BulkOperation, trackRun bool) {
	c.position = position
	c.prefix = ""
	c.externalID = ""
	if op.Data != nil {
		c.externalID = op.Data.ExternalID
	}

	switch {
	case op.Method == MethodPost:
	case strings.EqualFold(op.Method, MethodPost):
		c.report(RuleOperationMethod, "method",
			"method must be \"POST\" in upper case; the service reads it case-sensitively")
	default:
		c.report(RuleOperationMethod, "method",
			"method must be \"POST\", the only method the service accepts; send leavers as POST with active set to false")
	}

	switch {
	case op.Path == PathUsers:
	case strings.EqualFold(op.Path, PathUsers):
		c.report(RuleOperationPath, "path",
			"path must be \"/Users\" with a capital U; the service reads it case-sensitively")
	default:
		c.report(RuleOperationPath, "path",
			"path must be \"/Users\"; the service accepts only users")
	}

	if op.BulkID == "" {
		c.report(RuleBulkIDMissing, "bulkId",
			"bulkId is missing or empty; give each operation an identifier that is unique in the request, such as a UUID")
	} else {
		c.checkText("bulkId", op.BulkID, false)
	}
	c.checkEnvelopeUnknown(operationAttributes, op.Unknown)

	if op.Data == nil {
		c.report(RuleDataMissing, "data", "data is missing; each operation must carry one user")
		return
	}
	c.prefix = "data."
	c.checkUser(op.Data)
	if trackRun {
		c.checkRunDuplicate(op.Data)
	}
}

// checkRepeats reports bulkIds and externalIds that more than one operation of r
// carries. Each such operation gets a problem naming the positions of the others.
func (c *checker) checkRepeats(r *BulkRequest, firstPosition int, skip []bool) {
	for _, group := range findRepeats(r.Operations, skip, bulkIDOf) {
		for _, i := range group {
			c.reportRepeat(r, firstPosition, i, group, RuleBulkIDDuplicate, "bulkId",
				"bulkId is also used by the operation at %s of this request; make each bulkId unique in its request")
		}
	}
	for _, group := range findRepeats(r.Operations, skip, externalIDOf) {
		for _, i := range group {
			c.reportRepeat(r, firstPosition, i, group, RuleExternalIDDuplicate, "data.externalId",
				"externalId is also used by the record at %s of this request; send one record per worker per request, because the service documents no order between them")
		}
	}
}

// reportRepeat reports operation i of group, naming the positions of the others.
func (c *checker) reportRepeat(r *BulkRequest, firstPosition, i int, group []int, rule Rule, path, format string) {
	var others []string
	for _, j := range group {
		if j != i {
			others = append(others, strconv.Itoa(firstPosition+j))
		}
	}
	where := "position " + others[0]
	if len(others) > 1 {
		where = "positions " + strings.Join(others, ", ")
	}

	c.position = firstPosition + i
	c.externalID = externalIDOf(&r.Operations[i])
	c.reportf(rule, path, format, where)
}

// smallRequest is the operation count up to which findRepeats compares every pair
// instead of building a map. A request that the service accepts has at most 50.
const smallRequest = 64

// findRepeats returns the groups of operation indexes that share a non-blank key, each
// in index order, or nil when no key repeats. It allocates only when a key repeats or
// ops is longer than smallRequest.
func findRepeats(ops []BulkOperation, skip []bool, key func(*BulkOperation) string) [][]int {
	skipped := func(i int) bool { return i < len(skip) && skip[i] }
	if len(ops) <= smallRequest && !hasRepeat(ops, skipped, key) {
		return nil
	}

	byKey := make(map[string][]int)
	var order []string
	for i := range ops {
		k := key(&ops[i])
		if skipped(i) || isBlank(k) {
			continue
		}
		if _, seen := byKey[k]; !seen {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], i)
	}

	var groups [][]int
	for _, k := range order {
		if len(byKey[k]) > 1 {
			groups = append(groups, byKey[k])
		}
	}
	return groups
}

func hasRepeat(ops []BulkOperation, skipped func(int) bool, key func(*BulkOperation) string) bool {
	for i := range ops {
		k := key(&ops[i])
		if skipped(i) || isBlank(k) {
			continue
		}
		for j := i + 1; j < len(ops); j++ {
			if !skipped(j) && key(&ops[j]) == k {
				return true
			}
		}
	}
	return false
}

func bulkIDOf(op *BulkOperation) string { return op.BulkID }

func externalIDOf(op *BulkOperation) string {
	if op.Data == nil {
		return ""
	}
	return op.Data.ExternalID
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
