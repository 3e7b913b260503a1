package auth

import "strings"

// Cloud is one Microsoft cloud that serves Microsoft Graph. The scope's host always
// matches the Graph host, because Graph rejects tokens issued for another cloud's Graph.
type Cloud struct {
	// Name is a short stable identifier, for example "global".
	Name string

	// GraphHost is the host name of Microsoft Graph in this cloud.
	GraphHost string

	// AuthorityHost is the Microsoft Entra token authority, as an https URL.
	AuthorityHost string

	// Scope is the token scope for application permissions on GraphHost.
	Scope string
}

// The clouds that host Microsoft Graph. Hosts, authorities and scopes are those that
// Microsoft Learn gives for Graph and Entra ID as of 2026.
var (
	Global = Cloud{
		Name:          "global",
		GraphHost:     "graph.microsoft.com",
		AuthorityHost: "https://login.microsoftonline.com/",
		Scope:         "https://graph.microsoft.com/.default",
	}
	USGovL4 = Cloud{
		Name:          "usgovl4",
		GraphHost:     "graph.microsoft.us",
		AuthorityHost: "https://login.microsoftonline.us/",
		Scope:         "https://graph.microsoft.us/.default",
	}
	USGovL5 = Cloud{
		Name:          "usgovl5",
		GraphHost:     "dod-graph.microsoft.us",
		AuthorityHost: "https://login.microsoftonline.us/",
		Scope:         "https://dod-graph.microsoft.us/.default",
	}
	China = Cloud{
		Name:          "china",
		GraphHost:     "microsoftgraph.chinacloudapi.cn",
		AuthorityHost: "https://login.chinacloudapi.cn/",
		Scope:         "https://microsoftgraph.chinacloudapi.cn/.default",
	}
)

// Clouds returns every known cloud, the global cloud first. The caller may modify the
// returned slice.
func Clouds() []Cloud {
	return []Cloud{Global, USGovL4, USGovL5, China}
}

// CloudForGraphHost returns the cloud whose Graph host is host, compared without regard
// to case. ok is false for any other host.
func CloudForGraphHost(host string) (c Cloud, ok bool) {
	for _, c := range Clouds() {
		if strings.EqualFold(c.GraphHost, host) {
			return c, true
		}
	}
	return Cloud{}, false
}
