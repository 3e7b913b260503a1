package scim

// Rule names the check that found a [Problem]. Callers can switch on it and turn single
// rules off with [ValidatorOptions.Disabled]. docs/validation.md describes each rule.
type Rule string

// Rules about the request and its operations.
const (
	// RuleOperationCount: a request contains 1 to 50 operations.
	RuleOperationCount Rule = "operation-count"
	// RuleOperationMethod: method is "POST", in upper case.
	RuleOperationMethod Rule = "operation-method"
	// RuleOperationPath: path is "/Users", in that exact case.
	RuleOperationPath Rule = "operation-path"
	// RuleBulkIDMissing: each operation has a bulkId.
	RuleBulkIDMissing Rule = "bulk-id-missing"
	// RuleBulkIDDuplicate: each bulkId is unique in its request.
	RuleBulkIDDuplicate Rule = "bulk-id-duplicate"
	// RuleDataMissing: each operation carries a user in data.
	RuleDataMissing Rule = "data-missing"
	// RuleRequestSchema: the request's schemas list is exactly the BulkRequest URN.
	// Only [Lint] checks it, because encoding always writes it.
	RuleRequestSchema Rule = "request-schema"
	// RuleUserSchemas: data.schemas lists the core and enterprise URNs and every
	// extension URN used. Only [Lint] checks it, because encoding computes the list.
	RuleUserSchemas Rule = "user-schemas"
)

// Rules about the JSON form of attributes.
const (
	// RuleAttributeCase: an attribute name differs from a known name only in case,
	// such as "username" or "operations". The service reads names case-sensitively.
	RuleAttributeCase Rule = "attribute-case"
	// RuleAttributeType: a value has the wrong JSON type, such as an object where an
	// array is required or the string "True" where a boolean is.
	RuleAttributeType Rule = "attribute-type"
	// RuleUnknownAttribute: an attribute that the service does not process by default.
	RuleUnknownAttribute Rule = "unknown-attribute"
	// RuleServerOwnedAttribute: id, meta, resourceType and $ref belong to the service.
	RuleServerOwnedAttribute Rule = "server-owned-attribute"
	// RuleDuplicateKey: a name appears twice in one JSON object, which only [Lint]
	// detects, or it is set both in the model and in an Unknown map, so that encoding
	// would write it twice.
	RuleDuplicateKey Rule = "duplicate-key"
	// RuleInvalidJSON: the payload, or raw JSON held by the model, is not valid JSON.
	RuleInvalidJSON Rule = "invalid-json"
)

// Rules about the record's identity and state.
const (
	RuleExternalIDMissing Rule = "external-id-missing"
	// RuleExternalIDBlank: externalId contains only whitespace.
	RuleExternalIDBlank Rule = "external-id-blank"
	// RuleExternalIDWhitespace: externalId starts or ends with whitespace.
	RuleExternalIDWhitespace Rule = "external-id-whitespace"
	// RuleExternalIDLength: externalId is longer than the 16 characters of employeeId.
	RuleExternalIDLength Rule = "external-id-length"
	// RuleExternalIDDuplicate: two records of one request share an externalId.
	RuleExternalIDDuplicate Rule = "external-id-duplicate"
	// RuleExternalIDDuplicateInRun: a record repeats the externalId of an earlier
	// record of the run.
	RuleExternalIDDuplicateInRun Rule = "external-id-duplicate-in-run"
	// RuleActiveMissing: active is set to true or false.
	RuleActiveMissing Rule = "active-missing"
)

// Rules about multi-valued attributes: emails, phoneNumbers and addresses.
const (
	// RulePrimaryMultiple: at most one entry of an attribute is primary.
	RulePrimaryMultiple Rule = "primary-multiple"
	// RuleTypeMissing: an entry has no type, so the service ignores it.
	RuleTypeMissing Rule = "type-missing"
	// RuleTypeNotWork: an entry's type is not "work", so the service ignores it.
	RuleTypeNotWork Rule = "type-not-work"
)

// Rules about extensions.
const (
	// RuleExtensionURN: a custom extension's name is a valid URN and is neither the
	// core nor the enterprise URN.
	RuleExtensionURN Rule = "extension-urn"
	// RuleExtensionNested: an extension sits inside another object instead of at the
	// top level of the user.
	RuleExtensionNested Rule = "extension-nested"
	// RuleExtensionAttributeName: a custom attribute's name is not empty and contains
	// no space, quote, colon or control character.
	RuleExtensionAttributeName Rule = "extension-attribute-name"
	// RuleExtensionValue: a custom attribute's value cannot be written as valid JSON
	// in its kind, such as a date-time whose year has five digits.
	RuleExtensionValue Rule = "extension-value"
	// RuleExtensionDateOnly: a custom attribute's string is a date without a time.
	RuleExtensionDateOnly Rule = "extension-date-only"
	// RuleExtensionBooleanText: a custom attribute's string is "true" or "false" in
	// some case, where the app schema may expect a JSON boolean.
	RuleExtensionBooleanText Rule = "extension-boolean-text"
)

// Rules about the manager reference and userName.
const (
	// RuleManagerSelf: a record names itself as its manager.
	RuleManagerSelf Rule = "manager-self"
	// RuleManagerFormat: manager.value looks like an email address or a GUID where the
	// service expects the manager's externalId.
	RuleManagerFormat Rule = "manager-format"
	// RuleUserNameCharacters: userName contains characters that a userPrincipalName
	// cannot contain.
	RuleUserNameCharacters Rule = "user-name-characters"
	// RuleUserNameLength: userName is empty, blank, or longer than a userPrincipalName
	// may be.
	RuleUserNameLength Rule = "user-name-length"
)

// Rules about text in any string attribute.
const (
	RuleTextInvalidUTF8      Rule = "text-invalid-utf8"
	RuleTextControlCharacter Rule = "text-control-character"
)

// ruleSeverities lists every rule and its severity when [ValidatorOptions.Strict] is
// off, in the order of docs/validation.md.
var ruleSeverities = []struct {
	rule     Rule
	severity Severity
}{
	{RuleOperationCount, SeverityError},
	{RuleOperationMethod, SeverityError},
	{RuleOperationPath, SeverityError},
	{RuleBulkIDMissing, SeverityError},
	{RuleBulkIDDuplicate, SeverityError},
	{RuleDataMissing, SeverityError},
	{RuleRequestSchema, SeverityError},
	{RuleUserSchemas, SeverityError},
	{RuleAttributeCase, SeverityError},
	{RuleAttributeType, SeverityError},
	{RuleUnknownAttribute, SeverityWarning},
	{RuleServerOwnedAttribute, SeverityError},
	{RuleDuplicateKey, SeverityError},
	{RuleInvalidJSON, SeverityError},
	{RuleExternalIDMissing, SeverityError},
	{RuleExternalIDBlank, SeverityError},
	{RuleExternalIDWhitespace, SeverityError},
	{RuleExternalIDLength, SeverityWarning},
	{RuleExternalIDDuplicate, SeverityError},
	{RuleExternalIDDuplicateInRun, SeverityWarning},
	{RuleActiveMissing, SeverityError},
	{RulePrimaryMultiple, SeverityError},
	{RuleTypeMissing, SeverityWarning},
	{RuleTypeNotWork, SeverityWarning},
	{RuleExtensionURN, SeverityError},
	{RuleExtensionNested, SeverityError},
	{RuleExtensionAttributeName, SeverityError},
	{RuleExtensionValue, SeverityError},
	{RuleExtensionDateOnly, SeverityWarning},
	{RuleExtensionBooleanText, SeverityWarning},
	{RuleManagerSelf, SeverityError},
	{RuleManagerFormat, SeverityWarning},
	{RuleUserNameCharacters, SeverityWarning},
	{RuleUserNameLength, SeverityWarning},
	{RuleTextInvalidUTF8, SeverityError},
	{RuleTextControlCharacter, SeverityError},
}

// Rules returns every rule, in the order of docs/validation.md.
func Rules() []Rule {
	rules := make([]Rule, len(ruleSeverities))
	for i, r := range ruleSeverities {
		rules[i] = r.rule
	}
	return rules
}

// DefaultSeverity returns the severity that r's problems have when strict mode is off,
// and 0 when r is not a rule of this package.
func (r Rule) DefaultSeverity() Severity {
	for _, rs := range ruleSeverities {
		if rs.rule == r {
			return rs.severity
		}
	}
	return 0
}
