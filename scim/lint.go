package scim

import (
	"bytes"
	"strconv"
	"strings"
)

// lintValidator has the default options for [Lint]. It remembers no run.
var lintValidator = &Validator{}

// Lint checks a bulk request given as raw JSON, such as a payload file copied from a
// sample or written by another tool, with the default [ValidatorOptions]. See
// [Validator.Lint].
func Lint(data []byte) Problems {
	return lintValidator.Lint(data)
}

// Lint checks a bulk request given as raw JSON and returns every problem found, sorted
// by position and path. It works on payloads that [BulkRequest.UnmarshalJSON] rejects:
// a value of the wrong JSON type is reported and left out, and the rest is decoded and
// checked as [Validator.ValidateRequest] does, with the record at operation index i at
// position i.
//
// Lint also reports what decoding loses: names that appear twice in one object, invalid
// UTF-8, and schemas lists that lack a URN. Lint does not remember externalIds for the
// run.
func (v *Validator) Lint(data []byte) Problems {
	l := linter{c: &checker{v: v, position: -1}}
	l.lint(data)
	sortProblems(l.c.dst)
	return l.c.dst
}

// linter reports structural problems of a raw payload through c.
type linter struct {
	c *checker

	// dropped contains the values left out for having the wrong JSON type.
	dropped map[droppedValue]bool
}

type droppedValue struct {
	position int
	path     string
}

var byteOrderMark = []byte("\xef\xbb\xbf")

func (l *linter) lint(data []byte) {
	if bytes.HasPrefix(data, byteOrderMark) {
		l.c.report(RuleInvalidJSON, "",
			"the payload starts with a UTF-8 byte order mark, which RFC 8259 forbids in JSON sent over a network; save it as UTF-8 without a BOM")
		data = data[len(byteOrderMark):]
	}

	root, err := parseTree(data)
	if err != nil {
		l.c.report(RuleInvalidJSON, "", "the payload cannot be read as JSON: "+err.Error()+"; fix it and lint again")
		return
	}
	if root.kind != nodeObject {
		l.c.report(RuleAttributeType, "",
			"the payload must be a JSON object, a BulkRequest, not "+root.kind.withArticle())
		return
	}

	r, scope := l.lintRequest(root)
	start := len(l.c.dst)
	l.c.dst = l.c.v.appendRequestProblems(l.c.dst, r, 0, scope)
	l.c.dst = append(l.c.dst[:start], l.withoutDropped(l.c.dst[start:])...)
}

// withoutDropped removes the problems at paths whose values the linter dropped, such as
// active-missing for an active that is a string: the type problem already covers them.
func (l *linter) withoutDropped(problems []Problem) []Problem {
	remaining := problems[:0]
	for _, p := range problems {
		if !l.dropped[droppedValue{p.Position, p.Path}] {
			remaining = append(remaining, p)
		}
	}
	return remaining
}

// lintRequest reports the structural problems of the request root and its operations,
// and returns what of it decodes, with the scope of the checks still to run.
func (l *linter) lintRequest(root *jsonNode) (*BulkRequest, requestScope) {
	l.reportRepeated(root, requestShape, "")
	l.checkRequestSchemas(root.member("schemas"))

	opsNode := root.member("Operations")
	rest := root.without("Operations")
	l.walk(rest, requestShape, "")

	// What walk leaves decodes while lint_shape.go matches decode.go, which FuzzLint
	// checks. The report below is a safety net, not an expected outcome.
	r := new(BulkRequest)
	if err := r.UnmarshalJSON(rest.appendJSON(nil)); err != nil {
		l.c.report(RuleAttributeType, "", "the request does not decode: "+err.Error())
	}

	scope := requestScope{}
	switch {
	case opsNode == nil:
	case opsNode.kind != nodeArray:
		l.c.report(RuleAttributeType, "Operations",
			"Operations must be a JSON array of operations, not "+opsNode.kind.withArticle()+"; put the operations in [ ]")
		l.drop("Operations")
	default:
		r.Operations, scope.skipOperation = l.lintOperations(opsNode.items)
	}
	return r, scope
}

func (l *linter) lintOperations(items []*jsonNode) (ops []BulkOperation, skipOperation []bool) {
	ops = make([]BulkOperation, len(items))
	skipOperation = make([]bool, len(items))

	for i, item := range items {
		l.c.position = i
		l.c.externalID = externalIDOfNode(item)
		if item.kind != nodeObject {
			l.c.report(RuleAttributeType, "",
				"Operations["+strconv.Itoa(i)+"] must be a JSON object, not "+item.kind.withArticle())
			skipOperation[i] = true
			continue
		}

		l.walk(item, operationShape, "")
		if data := item.member("data"); data != nil && data.kind == nodeObject {
			l.checkUserSchemas(data)
		}

		// As in lintRequest, this report is a safety net.
		if err := ops[i].UnmarshalJSON(item.appendJSON(nil)); err != nil {
			l.c.report(RuleAttributeType, "", "the operation does not decode: "+err.Error())
			skipOperation[i] = true
		}
	}

	l.c.position, l.c.externalID = -1, ""
	return ops, skipOperation
}

// walk checks n against s and reports problems under path. It removes members whose
// value has the wrong type, so that what remains decodes, and returns false when n
// itself has the wrong type. An array with one item of the wrong type is wrong as a
// whole, because removing the item would shift the paths of the others.
func (l *linter) walk(n *jsonNode, s *shape, path string) bool {
	if n.badUTF8 {
		l.reportBadUTF8(path)
	}
	if !s.fits(n) {
		l.c.report(RuleAttributeType, path, typeMessage(path, s, n))
		l.drop(path)
		return false
	}

	switch n.kind {
	case nodeObject:
		l.reportRepeated(n, s, path)
		typed := n.members[:0]
		for _, m := range n.members {
			child := s.childPath(path, m.name)
			if m.badUTF8 {
				l.reportBadUTF8(child)
			}
			if l.walk(m.value, s.member(m.name, m.value), child) {
				typed = append(typed, m)
			}
		}
		n.members = typed

	case nodeArray:
		fits := true
		for i, item := range n.items {
			if !l.walk(item, s.item(), path+"["+strconv.Itoa(i)+"]") {
				fits = false
			}
		}
		if !fits {
			l.drop(path)
		}
		return fits
	}
	return true
}

func (l *linter) drop(path string) {
	if l.dropped == nil {
		l.dropped = make(map[droppedValue]bool)
	}
	l.dropped[droppedValue{l.c.position, path}] = true
}

// reportRepeated reports each name that object n contains more than once and keeps only
// its last member, as a decoder does.
func (l *linter) reportRepeated(n *jsonNode, s *shape, path string) {
	for _, name := range n.dedupe() {
		child := s.childPath(path, name)
		l.c.report(RuleDuplicateKey, child,
			strings.TrimPrefix(child, "data.")+" appears more than once in its object; decoders keep only the last, so remove the others")
	}
}

func (l *linter) reportBadUTF8(path string) {
	where := strings.TrimPrefix(path, "data.")
	if where == "" {
		where = "the value"
	}
	l.c.report(RuleTextInvalidUTF8, path,
		where+" contains invalid UTF-8, which decoders turn into U+FFFD; convert the source data to UTF-8")
}

// externalIDOfNode returns data.externalId of an operation node when it is a string.
func externalIDOfNode(op *jsonNode) string {
	if op.kind != nodeObject {
		return ""
	}
	data := op.member("data")
	if data == nil || data.kind != nodeObject {
		return ""
	}
	id := data.member("externalId")
	if id == nil || id.kind != nodeString {
		return ""
	}
	return id.text
}
