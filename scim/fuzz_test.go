package scim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// addFuzzSeeds adds every JSON payload under testdata and a few small edge cases.
// go test runs the seeds on every run, without -fuzz.
func addFuzzSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(f, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data)
	}

	for _, seed := range []string{
		``, `null`, `[]`, `{}`, `{"Operations":{}}`, `{"Operations":[null]}`,
		`{"Operations":[{"data":{"urn:ietf:params:scim:schemas:core:2.0:User":{"a":1}}}]}`,
		`{"Operations":[{"data":{"urn:x:y":"not an object","urn:a:b":{"t":"2024-03-01T00:00:00+01:00"}}}]}`,
		`{"Operations":[{"data":{"active":null,"name":null,"title":null,"emails":null}}],"failOnErrors":-0}`,
		`{"Operations":[{"data":{"a":1,"a":2}}],"Operations":[]}`,
		`{"Operations":[{"data":{"emails":[null],"addresses":[{"primary":"yes"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":7}}}]}`,
		"{\"Operations\":[{\"data\":{\"displayName\":\"\xff\"}}]}",
		"\xef\xbb\xbf{}",
	} {
		f.Add([]byte(seed))
	}
}

// FuzzBulkRequestRoundTrip checks that a decoded request encodes to a form that decodes
// to the same value and encodes to the same bytes.
func FuzzBulkRequestRoundTrip(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var first BulkRequest
		if json.Unmarshal(data, &first) != nil {
			return
		}
		encoded, err := first.AppendJSON(nil)
		if err != nil {
			return // an operation without data cannot be encoded
		}

		var second BulkRequest
		require.NoError(t, json.Unmarshal(encoded, &second), "re-encoded request: %s", encoded)

		// Encoding writes a missing Operations as [], which decodes to an empty slice.
		if len(first.Operations) == 0 {
			first.Operations, second.Operations = nil, nil
		}
		assert.Equal(t, first, second, "re-encoded request: %s", encoded)

		again, err := second.AppendJSON(nil)
		require.NoError(t, err)
		assert.Equal(t, string(encoded), string(again))
	})
}

// FuzzLint checks that Lint never panics, gives the same report twice, and reports only
// defined rules. It also checks that what Lint keeps of a payload always decodes, which
// holds only while the shapes in lint_shape.go match decode.go.
func FuzzLint(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		problems := Lint(data)
		assert.Equal(t, problems, Lint(data), "report must be stable")

		for _, p := range problems {
			assert.NotZero(t, p.Rule.DefaultSeverity(), "undefined rule %q", p.Rule)
			assert.Equal(t, p.Rule.DefaultSeverity(), p.Severity)
			assert.GreaterOrEqual(t, p.Position, -1)
			assert.NotEmpty(t, p.Message)
			assert.NotContains(t, p.Message, "does not decode", "lint_shape.go disagrees with decode.go")
		}
	})
}
