package scim

import "strings"

// checkRequestSchemas reports a request whose schemas list is not exactly
// [SchemaBulkRequest], which the service requires.
func (l *linter) checkRequestSchemas(schemas *jsonNode) {
	const fix = "; set it to [\"" + SchemaBulkRequest + "\"]"
	switch {
	case schemas == nil:
		l.c.report(RuleRequestSchema, "schemas", "schemas is missing"+fix)
	case schemas.kind != nodeArray:
		l.c.report(RuleRequestSchema, "schemas", "schemas must be a JSON array, not "+schemas.kind.withArticle()+fix)
	case len(schemas.items) != 1 || schemas.items[0].kind != nodeString || schemas.items[0].text != SchemaBulkRequest:
		l.c.report(RuleRequestSchema, "schemas", "schemas must list only the BulkRequest URN"+fix)
	}
}

// checkUserSchemas reports a data.schemas list that lacks the core URN, the enterprise
// URN, or the URN of an extension that the user contains. The service requires all of
// them. Extra URNs are not reported.
func (l *linter) checkUserSchemas(data *jsonNode) {
	const path = "data.schemas"
	const fix = "; list the core and enterprise URNs and the URN of every extension in the record"

	schemas := data.member("schemas")
	switch {
	case schemas == nil:
		l.c.report(RuleUserSchemas, path, "schemas is missing"+fix)
		return
	case schemas.kind != nodeArray:
		l.c.report(RuleUserSchemas, path, "schemas must be a JSON array of URNs, not "+schemas.kind.withArticle()+fix)
		return
	}

	required := []string{SchemaCoreUser, SchemaEnterpriseUser}
	for _, m := range data.members {
		if strings.HasPrefix(m.name, "urn:") && m.value.kind == nodeObject && !contains(required, m.name) {
			required = append(required, m.name)
		}
	}
	for _, urn := range required {
		if !listsString(schemas, urn) {
			l.c.report(RuleUserSchemas, path, "schemas does not list "+urn+fix)
		}
	}
}

func listsString(array *jsonNode, s string) bool {
	for _, item := range array.items {
		if item.kind == nodeString && item.text == s {
			return true
		}
	}
	return false
}
