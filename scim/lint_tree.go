package scim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// jsonNode is one value of a payload read by [Lint]. Unlike a map, an object keeps its
// members in order with repeated names, so that the linter can report them.
type jsonNode struct {
	kind    nodeKind
	members []jsonMember // of an object
	items   []*jsonNode  // of an array
	text    string       // of a string, or the literal of a number
	boolean bool

	// badUTF8 marks a string whose source held invalid UTF-8. The decoder has replaced
	// each invalid byte with U+FFFD in text.
	badUTF8 bool
}

type jsonMember struct {
	name    string
	badUTF8 bool
	value   *jsonNode
}

type nodeKind uint8

const (
	nodeNull nodeKind = iota
	nodeObject
	nodeArray
	nodeString
	nodeNumber
	nodeBool
)

func (k nodeKind) String() string {
	return [...]string{"null", "object", "array", "string", "number", "boolean"}[k]
}

// withArticle returns the kind's name after "a" or "an", as in "not an object".
func (k nodeKind) withArticle() string {
	return [...]string{"null", "an object", "an array", "a string", "a number", "a boolean"}[k]
}

// parseTree reads data, which must contain exactly one JSON value.
func parseTree(data []byte) (*jsonNode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := treeParser{dec: dec, data: data}

	root, err := p.value()
	switch {
	case len(trimSpace(data)) == 0:
		return nil, errors.New("the payload is empty")
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errors.New("the payload ends in the middle of a value")
	case err != nil:
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return nil, fmt.Errorf("%w at byte %d", err, syntaxErr.Offset)
		}
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("data follows the JSON value at byte %d", dec.InputOffset())
	}
	return root, nil
}

// maxDepth is the deepest nesting of objects and arrays that parseTree accepts. A bulk
// request needs about 8 levels. The limit bounds the linter's memory, because each path
// it builds is as long as the nesting is deep.
const maxDepth = 1000

type treeParser struct {
	dec   *json.Decoder
	data  []byte
	depth int
}

// token reads the next token and reports whether its source bytes are valid UTF-8. The
// bytes between the previous token and this one are punctuation and whitespace, which
// are ASCII, so checking them along with the token is safe.
func (p *treeParser) token() (tok json.Token, validUTF8 bool, err error) {
	start := p.dec.InputOffset()
	tok, err = p.dec.Token()
	if err != nil {
		return nil, false, err
	}
	return tok, utf8.Valid(p.data[start:p.dec.InputOffset()]), nil
}

func (p *treeParser) value() (*jsonNode, error) {
	tok, valid, err := p.token()
	if err != nil {
		return nil, err
	}

	switch t := tok.(type) {
	case json.Delim:
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return nil, fmt.Errorf("values are nested more than %d levels deep at byte %d", maxDepth, p.dec.InputOffset())
		}
		if t == '{' {
			return p.object()
		}
		return p.array()
	case string:
		return &jsonNode{kind: nodeString, text: t, badUTF8: !valid}, nil
	case json.Number:
		return &jsonNode{kind: nodeNumber, text: string(t)}, nil
	case bool:
		return &jsonNode{kind: nodeBool, boolean: t}, nil
	}
	return &jsonNode{kind: nodeNull}, nil
}

// object reads the members of an object whose opening brace has been read.
func (p *treeParser) object() (*jsonNode, error) {
	n := &jsonNode{kind: nodeObject}
	for p.dec.More() {
		tok, valid, err := p.token()
		if err != nil {
			return nil, err
		}
		value, err := p.value()
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, jsonMember{name: tok.(string), badUTF8: !valid, value: value})
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, err
	}
	return n, nil
}

// array reads the items of an array whose opening bracket has been read.
func (p *treeParser) array() (*jsonNode, error) {
	n := &jsonNode{kind: nodeArray}
	for p.dec.More() {
		item, err := p.value()
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, item)
	}
	if _, err := p.dec.Token(); err != nil {
		return nil, err
	}
	return n, nil
}

// member returns the value of the last member called name, as a decoder would, or nil.
func (n *jsonNode) member(name string) *jsonNode {
	for i := len(n.members) - 1; i >= 0; i-- {
		if n.members[i].name == name {
			return n.members[i].value
		}
	}
	return nil
}

// without returns a copy of object n without the members called name.
func (n *jsonNode) without(name string) *jsonNode {
	out := &jsonNode{kind: nodeObject}
	for _, m := range n.members {
		if m.name != name {
			out.members = append(out.members, m)
		}
	}
	return out
}

// dedupe removes all but the last member of each repeated name, as a decoder keeps the
// last, and returns the repeated names in order of first appearance.
func (n *jsonNode) dedupe() (repeated []string) {
	if len(n.members) < 2 {
		return nil
	}

	last := make(map[string]int, len(n.members))
	count := make(map[string]int, len(n.members))
	for i, m := range n.members {
		count[m.name]++
		if count[m.name] == 2 {
			repeated = append(repeated, m.name)
		}
		last[m.name] = i
	}
	if repeated == nil {
		return nil
	}

	lastMembers := n.members[:0:0]
	for i, m := range n.members {
		if last[m.name] == i {
			lastMembers = append(lastMembers, m)
		}
	}
	n.members = lastMembers
	return repeated
}

// appendJSON appends n as JSON. Objects must have been deduplicated.
func (n *jsonNode) appendJSON(dst []byte) []byte {
	switch n.kind {
	case nodeObject:
		dst = append(dst, '{')
		for i, m := range n.members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, m.name)
			dst = append(dst, ':')
			dst = m.value.appendJSON(dst)
		}
		return append(dst, '}')
	case nodeArray:
		dst = append(dst, '[')
		for i, item := range n.items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = item.appendJSON(dst)
		}
		return append(dst, ']')
	case nodeString:
		return appendString(dst, n.text)
	case nodeNumber:
		return append(dst, n.text...)
	case nodeBool:
		if n.boolean {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	}
	return append(dst, "null"...)
}
