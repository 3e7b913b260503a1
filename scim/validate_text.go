package scim

import "unicode/utf8"

// textFlaws is a set of defects found in one string.
type textFlaws uint8

const (
	flawInvalidUTF8 textFlaws = 1 << iota
	flawControl
)

// scanText returns the defects of s. Control characters are C0 (U+0000 to U+001F),
// DEL and C1 (U+0080 to U+009F). allowLineBreaks accepts CR and LF, which RFC 7643
// allows in an address's formatted and streetAddress.
func scanText(s string, allowLineBreaks bool) textFlaws {
	var flaws textFlaws
	for i := printablePrefix(s); i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 || b == 0x7f) && !(allowLineBreaks && (b == '\n' || b == '\r')) {
				flaws |= flawControl
			}
			i++
			continue
		}

		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			flaws |= flawInvalidUTF8
		case r >= 0x80 && r <= 0x9f:
			flaws |= flawControl
		}
		i += size
	}
	return flaws
}

// checkText reports the defects of s, the value at path.
func (c *checker) checkText(path, s string, allowLineBreaks bool) {
	if flaws := scanText(s, allowLineBreaks); flaws != 0 {
		c.reportText(flaws, path, path)
	}
}

func (c *checker) checkOptText(path string, p *string) {
	if p != nil && p != nullString {
		c.checkText(path, *p, false)
	}
}

// reportText reports the defects of the value at path. label names the field in the
// message.
func (c *checker) reportText(flaws textFlaws, path, label string) {
	if flaws&flawInvalidUTF8 != 0 {
		c.report(RuleTextInvalidUTF8, path,
			label+" contains invalid UTF-8, which is sent as U+FFFD; convert the source data to UTF-8")
	}
	if flaws&flawControl != 0 {
		c.report(RuleTextControlCharacter, path,
			label+" contains a control character; remove it from the source data")
	}
}

// checkCoreText checks the text of the single-valued core attributes. externalId and
// userName have their own checks.
func (c *checker) checkCoreText(u *User) {
	c.checkOptText("displayName", u.DisplayName)
	c.checkOptText("nickName", u.NickName)
	c.checkOptText("title", u.Title)
	c.checkOptText("userType", u.UserType)
	c.checkOptText("preferredLanguage", u.PreferredLanguage)
	c.checkOptText("locale", u.Locale)
	c.checkOptText("timezone", u.Timezone)

	n := u.Name
	if n == nil || n == nullName {
		return
	}
	c.checkOptText("name.formatted", n.Formatted)
	c.checkOptText("name.familyName", n.FamilyName)
	c.checkOptText("name.givenName", n.GivenName)
	c.checkOptText("name.middleName", n.MiddleName)
	c.checkOptText("name.honorificPrefix", n.HonorificPrefix)
	c.checkOptText("name.honorificSuffix", n.HonorificSuffix)
	c.checkUnknown("name.", nameAttributes, n.Unknown)
}

// printablePrefix returns the length of the run of printable ASCII bytes (0x20 to 0x7E)
// that starts s, rounded down to a multiple of 8. It tests 8 bytes at a time, because
// most text in HR records is plain ASCII and this check runs on every string.
func printablePrefix(s string) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		below := (x - 0x20*ones) &^ x // high bit set where a byte is below 0x20
		del := (x ^ 0x7f*ones) - ones // high bit set where a byte is 0x7F
		del &^= x ^ 0x7f*ones         // without bytes whose own high bit is set
		if (x|below|del)&highs != 0 {
			break
		}
	}
	return i
}
