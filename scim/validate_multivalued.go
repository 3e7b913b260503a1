package scim

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Known sub-attributes of each multi-valued attribute, for RuleAttributeCase and
// RuleUnknownAttribute.
var (
	entryAttributes   = []string{"value", "type", "primary"}
	addressAttributes = []string{"type", "formatted", "streetAddress", "locality", "region", "postalCode", "country", "primary"}
)

func (c *checker) checkMultiValued(u *User) {
	primary := -1
	for i := range u.Emails {
		e := &u.Emails[i]
		c.checkEntry("emails", i, e.Value, e.Type, e.Unknown)
		primary = c.checkPrimary("emails", i, e.Primary, primary)
	}

	primary = -1
	for i := range u.PhoneNumbers {
		p := &u.PhoneNumbers[i]
		c.checkEntry("phoneNumbers", i, p.Value, p.Type, p.Unknown)
		primary = c.checkPrimary("phoneNumbers", i, p.Primary, primary)
	}

	primary = -1
	for i := range u.Addresses {
		a := &u.Addresses[i]
		c.checkAddress(i, a)
		primary = c.checkPrimary("addresses", i, a.Primary, primary)
	}
}

// checkEntry checks one email or phone number.
func (c *checker) checkEntry(name string, i int, value, typ string, unknown map[string]json.RawMessage) {
	if flaws := scanText(value, false); flaws != 0 {
		path := entryPath(name, i, "value")
		c.reportText(flaws, path, path)
	}
	c.checkType(name, i, typ)
	if len(unknown) > 0 {
		c.checkUnknown(entryPath(name, i, "")+".", entryAttributes, unknown)
	}
}

func (c *checker) checkAddress(i int, a *Address) {
	c.checkType("addresses", i, a.Type)

	// RFC 7643 section 4.1.2 allows line breaks in formatted and streetAddress.
	fields := [...]struct {
		name       string
		value      string
		lineBreaks bool
	}{
		{"formatted", a.Formatted, true}, {"streetAddress", a.StreetAddress, true},
		{"locality", a.Locality, false}, {"region", a.Region, false},
		{"postalCode", a.PostalCode, false}, {"country", a.Country, false},
	}
	for _, f := range fields {
		if flaws := scanText(f.value, f.lineBreaks); flaws != 0 {
			path := entryPath("addresses", i, f.name)
			c.reportText(flaws, path, path)
		}
	}

	if len(a.Unknown) > 0 {
		c.checkUnknown(entryPath("addresses", i, "")+".", addressAttributes, a.Unknown)
	}
}

// checkType warns about an entry that the service ignores, because it processes only
// entries of type work as of 2026 (see the NOTE at TypeWork).
func (c *checker) checkType(name string, i int, typ string) {
	switch {
	case typ == TypeWork:
		return
	case typ == "":
		c.report(RuleTypeMissing, entryPath(name, i, "type"),
			entryPath(name, i, "")+" has no type; set type to \"work\", because the service processes only entries of type work")
	case strings.EqualFold(typ, TypeWork):
		c.report(RuleTypeNotWork, entryPath(name, i, "type"),
			entryPath(name, i, "type")+" is not \"work\" in lower case; write it in lower case, because the service processes only entries of type work")
	default:
		c.report(RuleTypeNotWork, entryPath(name, i, "type"),
			entryPath(name, i, "type")+" is not \"work\"; the service ignores entries of other types, so send this entry as work or leave it out")
	}
}

// checkPrimary reports the second and later primary entries of an attribute. first is
// the index of the first primary entry so far, or -1, and checkPrimary returns the new
// value of first.
func (c *checker) checkPrimary(name string, i int, primary bool, first int) int {
	if !primary {
		return first
	}
	if first < 0 {
		return i
	}

	c.report(RulePrimaryMultiple, entryPath(name, i, "primary"),
		name+" has more than one primary entry ("+entryPath(name, first, "")+" is primary too); mark at most one entry as primary")
	return first
}

// entryPath returns "name[i].field", or "name[i]" when field is "".
func entryPath(name string, i int, field string) string {
	path := name + "[" + strconv.Itoa(i) + "]"
	if field != "" {
		path += "." + field
	}
	return path
}
