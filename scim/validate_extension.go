package scim

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func (c *checker) checkExtensions(extensions map[string]Extension) {
	for urn, ext := range extensions {
		if !c.checkExtensionURN(urn) {
			continue
		}
		for name, value := range ext {
			c.checkExtensionAttribute(urn, name, value)
		}
	}
}

// checkExtensionURN reports a custom extension name that encoding or the service would
// not take as one, and returns whether its attributes are worth checking.
func (c *checker) checkExtensionURN(urn string) bool {
	switch {
	case urn == SchemaEnterpriseUser:
		c.report(RuleExtensionURN, urn,
			"Extensions contains the enterprise URN, which encoding leaves out; set User.Enterprise instead")
		return false
	case urn == SchemaCoreUser:
		c.report(RuleExtensionURN, urn,
			"Extensions contains the core User URN, which encoding leaves out; set the core attributes on User instead")
		return false
	case isFoldOf(urn, SchemaEnterpriseUser) || isFoldOf(urn, SchemaCoreUser):
		c.report(RuleAttributeCase, urn,
			"the extension "+urn+" differs from a standard schema URN only in case; use the exact URN, because the service reads names case-sensitively")
		return false
	case !isURN(urn):
		c.report(RuleExtensionURN, urn,
			"the extension name "+urn+" is not a valid URN (RFC 8141); use the URN of the extension in the app's schema, such as urn:ietf:params:scim:schemas:extension:acme:1.0:User")
		return true
	}
	return true
}

// checkExtensionAttribute checks one attribute of the custom extension urn. The Entra
// admin center names it "<URN>:<attribute>", which is also its path here. Messages
// name the attribute alone, because the path contains the URN.
func (c *checker) checkExtensionAttribute(urn, name string, value Value) {
	switch {
	case hasURNPrefix(name) && value.kind == KindRaw && isObjectJSON(value.raw):
		c.report(RuleExtensionNested, urn+":"+name,
			"the extension "+name+" is nested inside the extension "+urn+"; move it to the top level of the user and list its URN in schemas")
		return
	case isServerOwned(name):
		c.report(RuleServerOwnedAttribute, urn+":"+name,
			name+" is assigned by the service, not by the client; remove it")
		return
	case !isAttributeName(name):
		c.report(RuleExtensionAttributeName, urn+":"+name,
			"the attribute name "+strconv.Quote(name)+" is empty or contains a space, quote, colon or control character; rename it as in the app's schema")
	}

	c.checkExtensionValue(urn, name, value)
}

func (c *checker) checkExtensionValue(urn, name string, value Value) {
	switch value.kind {
	case KindString:
		s := value.str
		if flaws := scanText(s, false); flaws != 0 {
			c.reportText(flaws, urn+":"+name, name)
		}
		if isDateOnly(s) {
			c.report(RuleExtensionDateOnly, urn+":"+name,
				name+" is a date without a time, which the service has been reported not to map; send an RFC 3339 date-time with an offset, such as 2024-03-01T00:00:00Z (scim.DateTime writes one)")
		}
		if strings.EqualFold(s, "true") || strings.EqualFold(s, "false") {
			c.report(RuleExtensionBooleanText, urn+":"+name,
				name+" is the text of a boolean; if the attribute is Boolean in the app's schema, send a JSON boolean (scim.Bool)")
		}

	case KindDateTime:
		t := value.time
		_, offset := t.Zone()
		switch {
		case t.Year() < 0 || t.Year() > 9999:
			c.report(RuleExtensionValue, urn+":"+name,
				name+" is a date-time whose year is outside 0000 to 9999, which RFC 3339 cannot write; correct the date")
		case offset%60 != 0:
			c.report(RuleExtensionValue, urn+":"+name,
				name+" is a date-time whose UTC offset has seconds, which RFC 3339 cannot write; convert it with Time.UTC")
		}

	case KindRaw:
		c.checkRawJSON(urn+":"+name, name, value.raw)
	}
}

// isURN reports whether s is a URN as RFC 8141 defines it, without the optional r-, q-
// and f-components. Such a URN is "urn:", a namespace identifier, ":" and a non-empty
// namespace specific string. The identifier has 2 to 32 letters, digits and hyphens,
// and starts and ends with a letter or digit.
func isURN(s string) bool {
	if !hasURNPrefix(s) {
		return false
	}
	rest := s[4:]

	colon := strings.IndexByte(rest, ':')
	if colon < 2 || colon > 32 {
		return false
	}
	nid, nss := rest[:colon], rest[colon+1:]
	if nid[0] == '-' || nid[len(nid)-1] == '-' {
		return false
	}
	for i := 0; i < len(nid); i++ {
		if !isAlphaNum(nid[i]) && nid[i] != '-' {
			return false
		}
	}

	if nss == "" {
		return false
	}
	for i := 0; i < len(nss); i++ {
		b := nss[i]
		switch {
		case isAlphaNum(b) || strings.IndexByte("-._~!$&'()*+,;=:@/", b) >= 0:
		case b == '%' && i+2 < len(nss) && isHexDigit(nss[i+1]) && isHexDigit(nss[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isAlphaNum(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// isAttributeName reports whether name can be written as "<URN>:<name>" in the app's
// schema: it is not empty and has no whitespace, quote, colon or control character.
func isAttributeName(name string) bool {
	if name == "" {
		return false
	}

	ascii := true
	for i := 0; i < len(name); i++ {
		b := name[i]
		if b >= utf8.RuneSelf {
			ascii = false
			break
		}
		if b <= ' ' || b == 0x7f || b == '"' || b == '\'' || b == ':' {
			return false
		}
	}
	if ascii {
		return true
	}

	if !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' || r == '\'' || r == ':' {
			return false
		}
	}
	return true
}

// isDateOnly reports whether s has the form YYYY-MM-DD.
func isDateOnly(s string) bool {
	if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
