package scim

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of a userPrincipalName in characters, from Microsoft's support article "Invalid
// user name when you try to create a user name that contains a special character in
// Microsoft 365" (KB 2439357): 113 in all, 64 before the @ and 48 after it.
const (
	maxUPNLength       = 113
	maxUPNLocalLength  = 64
	maxUPNDomainLength = 48
)

// upnFlaws is a set of reasons why a userName cannot be a userPrincipalName.
type upnFlaws uint8

const (
	upnNonASCII upnFlaws = 1 << iota
	upnSymbol
	upnManyAts
	upnDotBeforeAt
)

// checkUserName warns about a userName that cannot become a userPrincipalName, which it
// does by default. A userName without @ is checked as the part before the @, because
// attribute mappings often append the domain.
func (c *checker) checkUserName(p *string) {
	if p == nil || p == nullString {
		return
	}
	name := *p
	if strings.TrimSpace(name) == "" {
		// "" clears the userPrincipalName when the app flows null values, and is sent
		// as an empty value otherwise.
		c.report(RuleUserNameLength, "userName",
			"userName is empty or blank, which cannot become a userPrincipalName; set it, or leave it out to keep the current one")
		return
	}
	if flaws := scanText(name, false); flaws != 0 {
		c.reportText(flaws, "userName", "userName")
		return
	}

	local, domain, hasDomain := strings.Cut(name, "@")
	if flaws := scanUPN(local, domain, hasDomain); flaws != 0 {
		c.report(RuleUserNameCharacters, "userName", upnMessage(flaws))
	}

	total := utf8.RuneCountInString(name)
	localLength := utf8.RuneCountInString(local)
	domainLength := utf8.RuneCountInString(domain)
	if total > maxUPNLength || localLength > maxUPNLocalLength || domainLength > maxUPNDomainLength {
		c.report(RuleUserNameLength, "userName",
			"userName has "+strconv.Itoa(total)+" characters, "+strconv.Itoa(localLength)+" before the @ and "+
				strconv.Itoa(domainLength)+" after it, but a userPrincipalName has at most 113, 64 before the @ and 48 after it; shorten it")
	}
}

// scanUPN returns the reasons why local@domain cannot be a userPrincipalName. The part
// before the @ may contain A-Z, a-z, 0-9 and ' . - _ ! # ^ ~, the domain letters, digits,
// dots and hyphens. Letters with diacritics are excluded.
func scanUPN(local, domain string, hasDomain bool) upnFlaws {
	var flaws upnFlaws
	for i := 0; i < len(local); i++ {
		b := local[i]
		switch {
		case b >= utf8.RuneSelf:
			flaws |= upnNonASCII
		case !isAlphaNum(b) && strings.IndexByte("'.-_!#^~", b) < 0:
			flaws |= upnSymbol
		}
	}
	if hasDomain && strings.HasSuffix(local, ".") {
		flaws |= upnDotBeforeAt
	}

	for i := 0; i < len(domain); i++ {
		b := domain[i]
		switch {
		case b == '@':
			flaws |= upnManyAts
		case b >= utf8.RuneSelf:
			flaws |= upnNonASCII
		case !isAlphaNum(b) && b != '.' && b != '-':
			flaws |= upnSymbol
		}
	}
	return flaws
}

func upnMessage(flaws upnFlaws) string {
	var reasons []string
	if flaws&upnNonASCII != 0 {
		reasons = append(reasons, "a letter with a diacritic or another non-ASCII character")
	}
	if flaws&upnSymbol != 0 {
		reasons = append(reasons, "a space or a symbol other than ' . - _ ! # ^ ~")
	}
	if flaws&upnManyAts != 0 {
		reasons = append(reasons, "more than one @")
	}
	if flaws&upnDotBeforeAt != 0 {
		reasons = append(reasons, "a period right before the @")
	}
	return "userName contains " + strings.Join(reasons, ", ") +
		", which a userPrincipalName cannot contain; transliterate the name or map the UPN from another attribute"
}
