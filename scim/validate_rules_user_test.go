package scim

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// userRuleCase changes a valid record and lists the exact problems expected at
// position 7.
type userRuleCase struct {
	name string
	edit func(u *User)
	want []problemKey
}

const testPosition = 7

func userProblem(severity Severity, path string, rule Rule) problemKey {
	return problemKey{severity, testPosition, "1001", path, rule}
}

func runUserRuleCases(t *testing.T, cases []userRuleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := validRecord("1001")
			tc.edit(u)

			problems := newTestValidator(t, nil).ValidateUser(testPosition, u)

			assert.Equal(t, tc.want, keysOf(problems))
			assertMessages(t, problems)
		})
	}
}

func TestIdentityRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"missing", func(u *User) { u.ExternalID = ""; u.Enterprise.EmployeeNumber = nil },
			[]problemKey{{SeverityError, testPosition, "", "externalId", RuleExternalIDMissing}}},
		{"blank", func(u *User) { u.ExternalID = " \t " },
			[]problemKey{{SeverityError, testPosition, " \t ", "externalId", RuleExternalIDBlank}}},
		{"leading space", func(u *User) { u.ExternalID = " 1001" },
			[]problemKey{{SeverityError, testPosition, " 1001", "externalId", RuleExternalIDWhitespace}}},
		{"trailing no-break space", func(u *User) { u.ExternalID = "1001\u00a0" },
			[]problemKey{{SeverityError, testPosition, "1001\u00a0", "externalId", RuleExternalIDWhitespace}}},
		{"17 characters", func(u *User) { u.ExternalID = "12345678901234567" },
			[]problemKey{{SeverityWarning, testPosition, "12345678901234567", "externalId", RuleExternalIDLength}}},
		{"16 characters", func(u *User) { u.ExternalID = "1234567890123456" }, nil},
		{"16 letters of two bytes", func(u *User) { u.ExternalID = strings.Repeat("é", 16) }, nil},
		{"control character", func(u *User) { u.ExternalID = "10\x0701" },
			[]problemKey{{SeverityError, testPosition, "10\x0701", "externalId", RuleTextControlCharacter}}},
	})
}

func TestActiveRule(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"missing", func(u *User) { u.Active = nil },
			[]problemKey{userProblem(SeverityError, "active", RuleActiveMissing)}},
		{"null", func(u *User) { u.Active = Null[bool]() },
			[]problemKey{userProblem(SeverityError, "active", RuleActiveMissing)}},
		{"false", func(u *User) { u.Active = Ptr(false) }, nil},
	})
}

func TestMultiValuedRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"two primary emails", func(u *User) {
			u.Emails = append(u.Emails, Email{Value: "zoe@fabrikam.example", Type: TypeWork, Primary: true})
		}, []problemKey{userProblem(SeverityError, "emails[1].primary", RulePrimaryMultiple)}},
		{"three primary addresses", func(u *User) {
			a := u.Addresses[0]
			u.Addresses = append(u.Addresses, a, a)
		}, []problemKey{
			userProblem(SeverityError, "addresses[1].primary", RulePrimaryMultiple),
			userProblem(SeverityError, "addresses[2].primary", RulePrimaryMultiple),
		}},
		{"phone without type", func(u *User) {
			u.PhoneNumbers = append(u.PhoneNumbers, PhoneNumber{Value: "+1 555 0101"})
		}, []problemKey{userProblem(SeverityWarning, "phoneNumbers[1].type", RuleTypeMissing)}},
		{"mobile phone", func(u *User) { u.PhoneNumbers[0].Type = TypeMobile },
			[]problemKey{userProblem(SeverityWarning, "phoneNumbers[0].type", RuleTypeNotWork)}},
		{"Work in capitals", func(u *User) { u.Emails[0].Type = "Work" },
			[]problemKey{userProblem(SeverityWarning, "emails[0].type", RuleTypeNotWork)}},
		{"home address", func(u *User) { u.Addresses[0].Type = TypeHome },
			[]problemKey{userProblem(SeverityWarning, "addresses[0].type", RuleTypeNotWork)}},
		{"line break in locality", func(u *User) { u.Addresses[0].Locality = "Spring\nfield" },
			[]problemKey{userProblem(SeverityError, "addresses[0].locality", RuleTextControlCharacter)}},
		{"tab in formatted", func(u *User) { u.Addresses[0].Formatted = "1 Elm Road\tSpringfield" },
			[]problemKey{userProblem(SeverityError, "addresses[0].formatted", RuleTextControlCharacter)}},
		{"CRLF in streetAddress", func(u *User) { u.Addresses[0].StreetAddress = "1 Elm Road\r\nUnit 2" }, nil},
		{"invalid UTF-8 in email", func(u *User) { u.Emails[0].Value = "zo\xe9@contoso.example" },
			[]problemKey{userProblem(SeverityError, "emails[0].value", RuleTextInvalidUTF8)}},
		{"unknown sub-attribute", func(u *User) {
			u.Emails[0].Unknown = map[string]json.RawMessage{"display": json.RawMessage(`"Zoë"`)}
		}, []problemKey{userProblem(SeverityWarning, "emails[0].display", RuleUnknownAttribute)}},
		{"sub-attribute in wrong case", func(u *User) {
			u.PhoneNumbers[0].Unknown = map[string]json.RawMessage{"Primary": json.RawMessage(`true`)}
		}, []problemKey{userProblem(SeverityError, "phoneNumbers[0].Primary", RuleAttributeCase)}},
	})
}

func TestExtensionRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"name is not a URN", func(u *User) { u.Extensions["acme"] = Extension{"badge": Int(1)} },
			[]problemKey{userProblem(SeverityError, "acme", RuleExtensionURN)}},
		{"URN without namespace string", func(u *User) { u.Extensions["urn:acme:"] = Extension{} },
			[]problemKey{userProblem(SeverityError, "urn:acme:", RuleExtensionURN)}},
		{"short URN is valid", func(u *User) { u.Extensions["urn:contoso:employee"] = Extension{"badge": Int(1)} }, nil},
		{"enterprise URN in Extensions", func(u *User) { u.Extensions[SchemaEnterpriseUser] = Extension{} },
			[]problemKey{userProblem(SeverityError, SchemaEnterpriseUser, RuleExtensionURN)}},
		{"core URN in Extensions", func(u *User) { u.Extensions[SchemaCoreUser] = Extension{} },
			[]problemKey{userProblem(SeverityError, SchemaCoreUser, RuleExtensionURN)}},
		{"enterprise URN in wrong case", func(u *User) {
			u.Extensions[strings.ToLower(SchemaEnterpriseUser)] = Extension{}
		}, []problemKey{userProblem(SeverityError, strings.ToLower(SchemaEnterpriseUser), RuleAttributeCase)}},
		{"extension inside enterprise", func(u *User) {
			u.Enterprise.Unknown = map[string]json.RawMessage{acmeURN: json.RawMessage(`{"badge":"A1"}`)}
		}, []problemKey{userProblem(SeverityError, enterprisePrefix+acmeURN, RuleExtensionNested)}},
		{"extension inside extension", func(u *User) {
			u.Extensions[acmeURN]["urn:contoso:employee"] = RawValue(json.RawMessage(`{"badge":1}`))
		}, []problemKey{userProblem(SeverityError, acmeURN+":urn:contoso:employee", RuleExtensionNested)}},
		{"extension inside name", func(u *User) {
			u.Name.Unknown = map[string]json.RawMessage{acmeURN: json.RawMessage(`{}`)}
		}, []problemKey{userProblem(SeverityError, "name."+acmeURN, RuleExtensionNested)}},
		{"attribute name with space", func(u *User) { u.Extensions[acmeURN]["cost center"] = String("x") },
			[]problemKey{userProblem(SeverityError, acmeURN+":cost center", RuleExtensionAttributeName)}},
		{"attribute name with quote", func(u *User) { u.Extensions[acmeURN][`"badge"`] = String("x") },
			[]problemKey{userProblem(SeverityError, acmeURN+`:"badge"`, RuleExtensionAttributeName)}},
		{"attribute name with colon", func(u *User) { u.Extensions[acmeURN]["acme:badge"] = String("x") },
			[]problemKey{userProblem(SeverityError, acmeURN+":acme:badge", RuleExtensionAttributeName)}},
		{"empty attribute name", func(u *User) { u.Extensions[acmeURN][""] = String("x") },
			[]problemKey{userProblem(SeverityError, acmeURN+":", RuleExtensionAttributeName)}},
		{"date without time", func(u *User) { u.Extensions[acmeURN]["hireDate"] = String("2020-01-01") },
			[]problemKey{userProblem(SeverityWarning, acmeURN+":hireDate", RuleExtensionDateOnly)}},
		{"boolean as text", func(u *User) { u.Extensions[acmeURN]["onLeave"] = String("False") },
			[]problemKey{userProblem(SeverityWarning, acmeURN+":onLeave", RuleExtensionBooleanText)}},
		{"year with five digits", func(u *User) {
			u.Extensions[acmeURN]["hireDate"] = DateTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
		}, []problemKey{userProblem(SeverityError, acmeURN+":hireDate", RuleExtensionValue)}},
		{"offset with seconds", func(u *User) {
			zone := time.FixedZone("LMT", 1172)
			u.Extensions[acmeURN]["hireDate"] = DateTime(time.Date(1890, 1, 1, 0, 0, 0, 0, zone))
		}, []problemKey{userProblem(SeverityError, acmeURN+":hireDate", RuleExtensionValue)}},
		{"invalid raw JSON", func(u *User) { u.Extensions[acmeURN]["tags"] = RawValue(json.RawMessage(`["a",`)) },
			[]problemKey{userProblem(SeverityError, acmeURN+":tags", RuleInvalidJSON)}},
		{"control character in value", func(u *User) { u.Extensions[acmeURN]["costCode"] = String("CC\x1b7") },
			[]problemKey{userProblem(SeverityError, acmeURN+":costCode", RuleTextControlCharacter)}},
		{"null and raw values", func(u *User) {
			u.Extensions[acmeURN]["leaveDate"] = NullValue()
			u.Extensions[acmeURN]["tags"] = RawValue(json.RawMessage(`["a","b"]`))
		}, nil},
	})
}

func TestServerOwnedAttributeRule(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"id", func(u *User) { u.Unknown = map[string]json.RawMessage{"id": json.RawMessage(`"2819c223"`)} },
			[]problemKey{userProblem(SeverityError, "id", RuleServerOwnedAttribute)}},
		{"meta", func(u *User) { u.Unknown = map[string]json.RawMessage{"meta": json.RawMessage(`{}`)} },
			[]problemKey{userProblem(SeverityError, "meta", RuleServerOwnedAttribute)}},
		{"resourceType", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"resourceType": json.RawMessage(`"User"`)}
		}, []problemKey{userProblem(SeverityError, "resourceType", RuleServerOwnedAttribute)}},
		{"manager $ref", func(u *User) {
			u.Enterprise.Manager.Unknown = map[string]json.RawMessage{"$ref": json.RawMessage(`"../Users/26118915"`)}
		}, []problemKey{userProblem(SeverityError, enterprisePrefix+"manager.$ref", RuleServerOwnedAttribute)}},
		{"id in an extension", func(u *User) { u.Extensions[acmeURN]["id"] = String("7") },
			[]problemKey{userProblem(SeverityError, acmeURN+":id", RuleServerOwnedAttribute)}},
	})
}

func TestUnknownAttributeRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"username in lower case", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"username": json.RawMessage(`"zoe"`)}
		}, []problemKey{userProblem(SeverityError, "username", RuleAttributeCase)}},
		{"givenname in lower case", func(u *User) {
			u.Name.Unknown = map[string]json.RawMessage{"givenname": json.RawMessage(`"Zoë"`)}
		}, []problemKey{userProblem(SeverityError, "name.givenname", RuleAttributeCase)}},
		{"Department in enterprise", func(u *User) {
			u.Enterprise.Unknown = map[string]json.RawMessage{"Department": json.RawMessage(`"Research"`)}
		}, []problemKey{userProblem(SeverityError, enterprisePrefix+"Department", RuleAttributeCase)}},
		{"core attribute the service ignores", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"profileUrl": json.RawMessage(`"https://contoso.example/zoe"`)}
		}, []problemKey{userProblem(SeverityWarning, "profileUrl", RuleUnknownAttribute)}},
		{"modeled name in Unknown", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"userName": json.RawMessage(`"zoe"`)}
		}, []problemKey{userProblem(SeverityError, "userName", RuleDuplicateKey)}},
		{"enterprise URN in Unknown", func(u *User) {
			u.Unknown = map[string]json.RawMessage{SchemaEnterpriseUser: json.RawMessage(`{}`)}
		}, []problemKey{userProblem(SeverityError, SchemaEnterpriseUser, RuleDuplicateKey)}},
		{"extension name in both maps", func(u *User) {
			u.Unknown = map[string]json.RawMessage{acmeURN: json.RawMessage(`{}`)}
		}, []problemKey{userProblem(SeverityError, acmeURN, RuleDuplicateKey)}},
		{"extension that is not an object", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"urn:contoso:employee": json.RawMessage(`"E-7"`)}
		}, []problemKey{userProblem(SeverityError, "urn:contoso:employee", RuleAttributeType)}},
		{"object under the core URN", func(u *User) {
			u.Unknown = map[string]json.RawMessage{SchemaCoreUser: json.RawMessage(`{"title":"Engineer"}`)}
		}, []problemKey{userProblem(SeverityError, SchemaCoreUser, RuleExtensionURN)}},
		{"extension with upper-case prefix", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"URN:contoso:employee": json.RawMessage(`{}`)}
		}, []problemKey{userProblem(SeverityError, "URN:contoso:employee", RuleExtensionURN)}},
		{"invalid raw JSON", func(u *User) {
			u.Unknown = map[string]json.RawMessage{"nickname": json.RawMessage(`{"a"`)}
		}, []problemKey{
			userProblem(SeverityError, "nickname", RuleAttributeCase),
			userProblem(SeverityError, "nickname", RuleInvalidJSON),
		}},
	})
}

func TestManagerRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"self", func(u *User) { u.Enterprise.Manager.Value = "1001" },
			[]problemKey{userProblem(SeverityError, enterprisePrefix+"manager.value", RuleManagerSelf)}},
		{"email", func(u *User) { u.Enterprise.Manager.Value = "boss@contoso.example" },
			[]problemKey{userProblem(SeverityWarning, enterprisePrefix+"manager.value", RuleManagerFormat)}},
		{"object ID", func(u *User) { u.Enterprise.Manager.Value = "8a9f1b52-4c1d-4e7a-9b3c-2f6d8e0a1b2c" },
			[]problemKey{userProblem(SeverityWarning, enterprisePrefix+"manager.value", RuleManagerFormat)}},
		{"GUID in braces", func(u *User) { u.Enterprise.Manager.Value = "{8A9F1B52-4C1D-4E7A-9B3C-2F6D8E0A1B2C}" },
			[]problemKey{userProblem(SeverityWarning, enterprisePrefix+"manager.value", RuleManagerFormat)}},
		{"36 characters that are no GUID", func(u *User) { u.Enterprise.Manager.Value = strings.Repeat("9", 36) }, nil},
		{"null manager", func(u *User) { u.Enterprise.Manager = Null[Manager]() }, nil},
		{"empty value", func(u *User) { u.Enterprise.Manager.Value = "" }, nil},
	})
}

func TestUserNameRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"diacritic", func(u *User) { u.UserName = Ptr("zoë.martin@contoso.example") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameCharacters)}},
		{"space", func(u *User) { u.UserName = Ptr("zoe martin@contoso.example") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameCharacters)}},
		{"two @", func(u *User) { u.UserName = Ptr("zoe@martin@contoso.example") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameCharacters)}},
		{"period before @", func(u *User) { u.UserName = Ptr("zoe.@contoso.example") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameCharacters)}},
		{"allowed symbols", func(u *User) { u.UserName = Ptr("o'neil_z!#^~-1@contoso.example") }, nil},
		{"without domain", func(u *User) { u.UserName = Ptr("ZoeMartin") }, nil},
		{"65 before @", func(u *User) { u.UserName = Ptr(strings.Repeat("a", 65) + "@contoso.example") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameLength)}},
		{"64 before @", func(u *User) { u.UserName = Ptr(strings.Repeat("a", 64) + "@contoso.example") }, nil},
		{"49 after @", func(u *User) { u.UserName = Ptr("zoe@" + strings.Repeat("c", 41) + ".example") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameLength)}},
		{"114 in all", func(u *User) {
			u.UserName = Ptr(strings.Repeat("a", 64) + "@" + strings.Repeat("c", 41) + ".example")
		}, []problemKey{userProblem(SeverityWarning, "userName", RuleUserNameLength)}},
		{"113 in all", func(u *User) {
			u.UserName = Ptr(strings.Repeat("a", 64) + "@" + strings.Repeat("c", 40) + ".example")
		}, nil},
		{"control character", func(u *User) { u.UserName = Ptr("zoe\x7f@contoso.example") },
			[]problemKey{userProblem(SeverityError, "userName", RuleTextControlCharacter)}},
		{"null", func(u *User) { u.UserName = Null[string]() }, nil},
		{"empty", func(u *User) { u.UserName = Ptr("") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameLength)}},
		{"blank", func(u *User) { u.UserName = Ptr("  ") },
			[]problemKey{userProblem(SeverityWarning, "userName", RuleUserNameLength)}},
		{"left out", func(u *User) { u.UserName = nil }, nil},
	})
}

func TestTextRules(t *testing.T) {
	runUserRuleCases(t, []userRuleCase{
		{"invalid UTF-8 in displayName", func(u *User) { u.DisplayName = Ptr("Zo\xeb Martin") },
			[]problemKey{userProblem(SeverityError, "displayName", RuleTextInvalidUTF8)}},
		{"NUL in title", func(u *User) { u.Title = Ptr("Eng\x00ineer") },
			[]problemKey{userProblem(SeverityError, "title", RuleTextControlCharacter)}},
		{"C1 control in givenName", func(u *User) { u.Name.GivenName = Ptr("Zo\u0085e") },
			[]problemKey{userProblem(SeverityError, "name.givenName", RuleTextControlCharacter)}},
		{"both defects", func(u *User) { u.Locale = Ptr("en\x01\xff") }, []problemKey{
			userProblem(SeverityError, "locale", RuleTextControlCharacter),
			userProblem(SeverityError, "locale", RuleTextInvalidUTF8),
		}},
		{"department with line break", func(u *User) { u.Enterprise.Department = Ptr("Re\nsearch") },
			[]problemKey{userProblem(SeverityError, enterprisePrefix+"department", RuleTextControlCharacter)}},
		{"manager value with tab", func(u *User) { u.Enterprise.Manager.Value = "10\t00" },
			[]problemKey{userProblem(SeverityError, enterprisePrefix+"manager.value", RuleTextControlCharacter)}},
		{"null and empty strings", func(u *User) { u.NickName = Null[string](); u.Timezone = Ptr("") }, nil},
	})
}
