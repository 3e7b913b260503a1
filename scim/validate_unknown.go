package scim

import (
	"encoding/json"
	"strings"
)

// Known attributes of the request, an operation, a user and its name. An attribute
// outside these lists ends up in an Unknown map when decoded.
var (
	requestAttributes   = []string{"schemas", "Operations", "failOnErrors"}
	operationAttributes = []string{"method", "bulkId", "path", "data"}
	userAttributes      = []string{
		"schemas", "externalId", "userName", "name", "displayName", "nickName", "title",
		"userType", "preferredLanguage", "locale", "timezone", "active", "emails",
		"phoneNumbers", "addresses", SchemaEnterpriseUser,
	}
	nameAttributes = []string{"formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"}
)

// serverOwnedAttributes are attributes that the service assigns. RFC 7643 makes id,
// meta and resourceType server-assigned, and $ref is the service's URI of a resource.
var serverOwnedAttributes = []string{"id", "meta", "resourceType", "$ref"}

// checkUserUnknown checks the top-level attributes of a user that the model does not
// know. A top-level name that starts with "urn:" is an extension, which must be an
// object: the decoder keeps it in Unknown only when it is not.
func (c *checker) checkUserUnknown(u *User) {
	for name, raw := range u.Unknown {
		_, inExtensions := u.Extensions[name]
		switch {
		case contains(userAttributes, name):
			c.checkUnknownAttribute("", name, raw, userAttributes)
		case inExtensions:
			c.report(RuleDuplicateKey, name,
				name+" is a key of both Extensions and Unknown; remove one, because the request would contain the name twice")
		case hasURNPrefix(name) && !isObjectJSON(raw):
			c.report(RuleAttributeType, name,
				"the extension "+name+" must be a JSON object of its attributes")
			c.checkRawJSON(name, name, raw)
		case isFoldOf(name, SchemaCoreUser):
			c.report(RuleExtensionURN, name,
				"the core User URN is not an extension; put the core attributes at the top level of the user, not in an object under the URN")
		case hasURNPrefix(name):
			// The decoder takes only names that start with "urn:" in lower case as
			// extensions, and the service's matching of other spellings is unknown.
			c.report(RuleExtensionURN, name,
				"the extension "+name+" must start with \"urn:\" in lower case to be read as an extension; rename it")
		default:
			c.checkUnknownAttribute("", name, raw, userAttributes)
		}
	}
}

// checkUnknown checks the attributes of a nested object that the model does not know.
// prefix is the path of the object followed by its separator, such as "name." or
// SchemaEnterpriseUser+":".
func (c *checker) checkUnknown(prefix string, known []string, unknown map[string]json.RawMessage) {
	for name, raw := range unknown {
		if hasURNPrefix(name) && isObjectJSON(raw) {
			c.report(RuleExtensionNested, prefix+name,
				"the extension "+name+" is nested inside another object; move it to the top level of the user and list its URN in schemas")
			c.checkRawJSON(prefix+name, name, raw)
			continue
		}
		c.checkUnknownAttribute(prefix, name, raw, known)
	}
}

// checkUnknownAttribute checks one attribute of an Unknown map. known lists the names
// that the model writes itself at that level. Messages name the attribute alone,
// because the path locates it.
func (c *checker) checkUnknownAttribute(prefix, name string, raw json.RawMessage, known []string) {
	path := prefix + name
	switch {
	case contains(known, name):
		c.report(RuleDuplicateKey, path,
			name+" is set both by the model and in Unknown; remove it from Unknown, because the request would contain the name twice")
	case isServerOwned(name):
		c.report(RuleServerOwnedAttribute, path,
			name+" is assigned by the service, not by the client; remove it")
	case foldMatch(known, name) != "":
		want := foldMatch(known, name)
		c.report(RuleAttributeCase, path,
			name+" differs from "+want+" only in case; rename it to "+want+", because the service reads names case-sensitively")
	default:
		c.report(RuleUnknownAttribute, path,
			name+" is not an attribute that the service processes, so it is ignored or fails during processing; remove it, or define it in a custom extension of the app's schema")
	}
	c.checkRawJSON(path, name, raw)
}

// checkRawJSON reports raw JSON that a caller put in the model and that would make the
// encoded request invalid. Decoded values are always valid.
func (c *checker) checkRawJSON(path, name string, raw json.RawMessage) {
	if !json.Valid(raw) {
		c.report(RuleInvalidJSON, path,
			name+" contains raw JSON that is not valid, which would make the whole request invalid; fix the raw value")
	}
}

// checkEnvelopeUnknown checks the unknown attributes of a request or an operation.
func (c *checker) checkEnvelopeUnknown(known []string, unknown map[string]json.RawMessage) {
	for name, raw := range unknown {
		c.checkUnknownAttribute("", name, raw, known)
	}
}

func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// isServerOwned reports whether name is one of serverOwnedAttributes in any case.
func isServerOwned(name string) bool {
	return foldMatch(serverOwnedAttributes, name) != ""
}

// isFoldOf reports whether s equals name in any case. It compares lengths first, which
// makes it cheap on the hot path, so a variant whose case folding changes its byte
// length, such as one with the Kelvin sign for K, does not match.
func isFoldOf(s, name string) bool {
	return len(s) == len(name) && strings.EqualFold(s, name)
}

// foldMatch returns the name in names that equals name in any case (see isFoldOf), or
// "" when there is none.
func foldMatch(names []string, name string) string {
	for _, n := range names {
		if isFoldOf(name, n) {
			return n
		}
	}
	return ""
}

// hasURNPrefix reports whether name starts with "urn:" in any case, as RFC 8141 allows.
func hasURNPrefix(name string) bool {
	return len(name) >= 4 && strings.EqualFold(name[:4], "urn:")
}
