package scim

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// scanTextByRune is the plain definition of scanText, without the 8-byte shortcut.
func scanTextByRune(s string, allowLineBreaks bool) textFlaws {
	var flaws textFlaws
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			flaws |= flawInvalidUTF8
		case (r < 0x20 || r == 0x7f) && !(allowLineBreaks && (r == '\n' || r == '\r')):
			flaws |= flawControl
		case r >= 0x80 && r <= 0x9f:
			flaws |= flawControl
		}
		i += size
	}
	return flaws
}

func TestScanTextMatchesDefinitionForEveryByte(t *testing.T) {
	base := strings.Repeat("a", 19)
	for b := range 256 {
		for at := range len(base) {
			s := base[:at] + string(rune(b)) + base[at+1:]
			raw := base[:at] + string([]byte{byte(b)}) + base[at+1:]
			for _, text := range []string{s, raw} {
				assert.Equal(t, scanTextByRune(text, false), scanText(text, false), "%q", text)
				assert.Equal(t, scanTextByRune(text, true), scanText(text, true), "%q", text)
			}
		}
	}
}

func TestPrintablePrefix(t *testing.T) {
	assert.Equal(t, 0, printablePrefix("short"))
	assert.Equal(t, 16, printablePrefix(strings.Repeat("x", 20)))
	assert.Equal(t, 8, printablePrefix("12345678\x7f2345678"))
	assert.Equal(t, 8, printablePrefix("12345678é2345678"))
	assert.Equal(t, 0, printablePrefix("\x1f2345678"))
	assert.Equal(t, 16, printablePrefix("~~~~~~~~        "), "0x7E and space are printable")
}
