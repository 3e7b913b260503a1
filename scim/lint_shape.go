package scim

import (
	"strconv"
	"strings"
)

// shape is the JSON type that the decoder requires of a value. The shapes below mirror
// decode.go: a value that fits its shape decodes without error.
type shape struct {
	// any accepts every value. Its objects and arrays are still read for repeated
	// names and invalid UTF-8.
	any bool

	kind     nodeKind
	integer  bool // a number must be an integer that fits in an int
	nullable bool

	members map[string]*shape // of an object; names not listed here accept any value
	items   *shape            // of an array

	// colon joins the object's path and a member's name with ":" instead of ".", as
	// the Entra admin center writes extension attributes.
	colon bool

	// extensions makes each member whose name starts with "urn:" and whose value is an
	// object a custom extension.
	extensions bool
}

var (
	anyShape       = &shape{any: true}
	optionalString = &shape{kind: nodeString, nullable: true}
	optionalBool   = &shape{kind: nodeBool, nullable: true}

	requestShape = &shape{kind: nodeObject, members: map[string]*shape{
		"failOnErrors": {kind: nodeNumber, integer: true, nullable: true},
	}}

	operationShape = &shape{kind: nodeObject, members: map[string]*shape{
		"method": optionalString, "bulkId": optionalString, "path": optionalString,
		"data": userShape,
	}}

	userShape = &shape{kind: nodeObject, nullable: true, extensions: true, members: map[string]*shape{
		"externalId": optionalString, "userName": optionalString, "displayName": optionalString,
		"nickName": optionalString, "title": optionalString, "userType": optionalString,
		"preferredLanguage": optionalString, "locale": optionalString, "timezone": optionalString,
		"active":       optionalBool,
		"name":         nameShape,
		"emails":       {kind: nodeArray, nullable: true, items: entryShape},
		"phoneNumbers": {kind: nodeArray, nullable: true, items: entryShape},
		"addresses":    {kind: nodeArray, nullable: true, items: addressShape},

		// The decoder rejects null here, unlike for other objects.
		SchemaEnterpriseUser: enterpriseShape,
	}}

	nameShape = &shape{kind: nodeObject, nullable: true, members: map[string]*shape{
		"formatted": optionalString, "familyName": optionalString, "givenName": optionalString,
		"middleName": optionalString, "honorificPrefix": optionalString, "honorificSuffix": optionalString,
	}}

	// Entries of a multi-valued attribute cannot be null.
	entryShape = &shape{kind: nodeObject, members: map[string]*shape{
		"value": optionalString, "type": optionalString, "primary": optionalBool,
	}}
	addressShape = &shape{kind: nodeObject, members: map[string]*shape{
		"type": optionalString, "formatted": optionalString, "streetAddress": optionalString,
		"locality": optionalString, "region": optionalString, "postalCode": optionalString,
		"country": optionalString, "primary": optionalBool,
	}}

	enterpriseShape = &shape{kind: nodeObject, colon: true, members: map[string]*shape{
		"employeeNumber": optionalString, "costCenter": optionalString, "organization": optionalString,
		"division": optionalString, "department": optionalString,
		"manager": {kind: nodeObject, nullable: true, members: map[string]*shape{"value": optionalString}},
	}}

	extensionShape = &shape{kind: nodeObject, colon: true}
)

// member returns the shape of the member called name whose value is value.
func (s *shape) member(name string, value *jsonNode) *shape {
	if m, ok := s.members[name]; ok {
		return m
	}
	if s.extensions && strings.HasPrefix(name, "urn:") && value.kind == nodeObject {
		return extensionShape
	}
	return anyShape
}

func (s *shape) item() *shape {
	if s.items == nil {
		return anyShape
	}
	return s.items
}

// fits reports whether n has the JSON type that s requires.
func (s *shape) fits(n *jsonNode) bool {
	switch {
	case s.any:
		return true
	case n.kind == nodeNull:
		return s.nullable
	case n.kind != s.kind:
		return false
	case s.integer:
		_, err := strconv.ParseInt(n.text, 10, strconv.IntSize)
		return err == nil
	}
	return true
}

// childPath joins the path of an object and the name of one of its members.
func (s *shape) childPath(path, name string) string {
	switch {
	case path == "":
		return name
	case s.colon:
		return path + ":" + name
	}
	return path + "." + name
}

// typeMessage returns a message naming the JSON type that the value at path must
// have and how to fix it.
// Messages name a user's attribute without the "data." of its path.
func typeMessage(path string, s *shape, n *jsonNode) string {
	label := strings.TrimPrefix(path, "data.")
	got := n.kind.withArticle()
	switch {
	case s.integer && n.kind == nodeNumber:
		return label + " must be a whole number or null"
	case s.integer:
		return label + " must be a whole number or null, not " + got + "; write it without quotes"
	case s.kind == nodeArray:
		return label + " must be a JSON array, not " + got + "; put the entries in [ ], even when there is one"
	case s.kind == nodeBool:
		return label + " must be a JSON boolean, not " + got + "; write true or false without quotes"
	case s.kind == nodeString:
		return label + " must be a JSON string, not " + got + "; put the value in quotes"
	}
	return label + " must be a JSON " + s.kind.String() + ", not " + got
}
