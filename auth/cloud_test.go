package auth

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCloudScopeMatchesGraphHost(t *testing.T) {
	for _, c := range Clouds() {
		t.Run(c.Name, func(t *testing.T) {
			scope, err := url.Parse(c.Scope)
			require.NoError(t, err)
			assert.Equal(t, "https", scope.Scheme)
			assert.Equal(t, c.GraphHost, scope.Host)
			assert.Equal(t, "/.default", scope.Path)

			authority, err := url.Parse(c.AuthorityHost)
			require.NoError(t, err)
			assert.Equal(t, "https", authority.Scheme)
		})
	}
}

func TestCloudForGraphHost(t *testing.T) {
	cases := map[string]string{
		"graph.microsoft.com":             "global",
		"GRAPH.microsoft.com":             "global",
		"graph.microsoft.us":              "usgovl4",
		"dod-graph.microsoft.us":          "usgovl5",
		"microsoftgraph.chinacloudapi.cn": "china",
	}
	for host, want := range cases {
		c, ok := CloudForGraphHost(host)
		assert.True(t, ok, host)
		assert.Equal(t, want, c.Name, host)
	}

	_, ok := CloudForGraphHost("graph.microsoft.de")
	assert.False(t, ok)
	_, ok = CloudForGraphHost("example.com")
	assert.False(t, ok)
}
