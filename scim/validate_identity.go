package scim

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxExternalIDLength is the length of Entra's employeeId attribute, in characters,
// which the job matches externalId to by default.
const maxExternalIDLength = 16

func (c *checker) checkIdentity(u *User) {
	id := u.ExternalID
	switch {
	case id == "":
		c.report(RuleExternalIDMissing, "externalId",
			"externalId is missing or empty; set it to the worker's identifier in the system of record, which the job matches to employeeId")
		return
	case isBlank(id):
		c.report(RuleExternalIDBlank, "externalId",
			"externalId contains only whitespace; set it to the worker's identifier in the system of record")
		return
	case hasSurroundingSpace(id):
		c.report(RuleExternalIDWhitespace, "externalId",
			"externalId starts or ends with whitespace; trim it so that it matches the worker's employeeId")
	}

	if n := utf8.RuneCountInString(id); n > maxExternalIDLength {
		c.report(RuleExternalIDLength, "externalId",
			"externalId has "+strconv.Itoa(n)+" characters, but Entra's employeeId has at most 16; shorten it or map it to another attribute")
	}
	c.checkText("externalId", id, false)
}

// checkActive requires active, because a record without it has been reported to disable
// an existing account (the issue tracker of Microsoft's AzureAD/entra-id-inbound-provisioning
// repository, "Auto Disabling Accounts on update if active is omitted", 2026). Microsoft
// documents no behavior for a missing active.
func (c *checker) checkActive(u *User) {
	if c.v.allowMissingActive {
		return
	}

	switch {
	case u.Active == nil:
		c.report(RuleActiveMissing, "active",
			"active is missing; set it to true or false on every record, because a record without it has been reported to disable the account")
	case u.Active == nullBool:
		c.report(RuleActiveMissing, "active",
			"active is null; set it to true or false on every record, because a record without it has been reported to disable the account")
	}
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func hasSurroundingSpace(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return isSpaceRune(first) || isSpaceRune(last)
}

// isSpaceRune is unicode.IsSpace with a shortcut for the usual letters and digits.
func isSpaceRune(r rune) bool {
	if r > ' ' && r < utf8.RuneSelf {
		return false
	}
	return unicode.IsSpace(r)
}
