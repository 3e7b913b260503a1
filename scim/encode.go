package scim

import (
	"encoding/json"
	"slices"
	"strconv"
)

// nullString is cached because the encoder compares every string attribute with it.
var (
	nullString  = Null[string]()
	nullBool    = Null[bool]()
	nullName    = Null[Name]()
	nullManager = Null[Manager]()
)

// MarshalJSON encodes r in the documented wire form.
func (r *BulkRequest) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(nil)
}

// AppendJSON appends r's wire form to dst and returns the extended buffer. It fails only
// when an operation has no data.
func (r *BulkRequest) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"schemas":["`+SchemaBulkRequest+`"],"Operations":[`...)
	for i := range r.Operations {
		if i > 0 {
			dst = append(dst, ',')
		}

		var err error
		if dst, err = r.Operations[i].AppendJSON(dst); err != nil {
			return nil, &OperationError{Index: i, Err: err}
		}
	}
	dst = append(dst, ']')

	if r.FailOnErrors != nil {
		dst = append(dst, `,"failOnErrors":`...)
		dst = strconv.AppendInt(dst, int64(*r.FailOnErrors), 10)
	}
	dst = appendUnknown(dst, r.Unknown)
	return append(dst, '}'), nil
}

// MarshalJSON encodes op in the documented wire form.
func (op *BulkOperation) MarshalJSON() ([]byte, error) {
	return op.AppendJSON(nil)
}

// AppendJSON appends op's wire form to dst and returns the extended buffer. It fails when
// op has no data.
func (op *BulkOperation) AppendJSON(dst []byte) ([]byte, error) {
	if op.Data == nil {
		return nil, errNoData
	}

	dst = append(dst, `{"method":`...)
	dst = appendString(dst, op.Method)
	dst = append(dst, `,"bulkId":`...)
	dst = appendString(dst, op.BulkID)
	dst = append(dst, `,"path":`...)
	dst = appendString(dst, op.Path)
	dst = appendUnknown(dst, op.Unknown)
	dst = append(dst, `,"data":`...)
	dst = op.Data.AppendJSON(dst)
	return append(dst, '}'), nil
}

// MarshalJSON encodes u in the documented wire form.
func (u *User) MarshalJSON() ([]byte, error) {
	return u.AppendJSON(nil), nil
}

// AppendJSON appends u's wire form to dst and returns the extended buffer. Attributes come
// in a fixed order, and custom extensions and unknown attributes in name order, so equal
// users give equal bytes.
func (u *User) AppendJSON(dst []byte) []byte {
	urns := u.extensionURNs()

	dst = append(dst, `{"schemas":["`+SchemaCoreUser+`","`+SchemaEnterpriseUser+`"`...)
	for _, urn := range urns {
		dst = append(dst, ',')
		dst = appendString(dst, urn)
	}
	dst = append(dst, "]"...)

	dst = append(dst, `,"externalId":`...)
	dst = appendString(dst, u.ExternalID)
	dst = appendOptString(dst, "userName", u.UserName)
	dst = u.Name.appendJSON(dst)
	dst = appendOptString(dst, "displayName", u.DisplayName)
	dst = appendOptString(dst, "nickName", u.NickName)
	dst = appendOptString(dst, "title", u.Title)
	dst = appendOptString(dst, "userType", u.UserType)
	dst = appendOptString(dst, "preferredLanguage", u.PreferredLanguage)
	dst = appendOptString(dst, "locale", u.Locale)
	dst = appendOptString(dst, "timezone", u.Timezone)
	dst = appendOptBool(dst, "active", u.Active)
	dst = appendEmails(dst, u.Emails)
	dst = appendPhoneNumbers(dst, u.PhoneNumbers)
	dst = appendAddresses(dst, u.Addresses)
	dst = appendUnknown(dst, u.Unknown)

	if u.Enterprise != nil {
		dst = append(dst, `,"`+SchemaEnterpriseUser+`":`...)
		dst = u.Enterprise.appendJSON(dst)
	}
	for _, urn := range urns {
		dst = append(dst, ',')
		dst = appendString(dst, urn)
		dst = append(dst, ':')
		dst = u.Extensions[urn].appendJSON(dst)
	}
	return append(dst, '}')
}

// extensionURNs returns the URNs of u's custom extensions in order. The enterprise URN is
// left out even if a caller put it in Extensions, because it is always listed first.
func (u *User) extensionURNs() []string {
	if len(u.Extensions) == 0 {
		return nil
	}

	urns := make([]string, 0, len(u.Extensions))
	for urn := range u.Extensions {
		if urn != SchemaEnterpriseUser && urn != SchemaCoreUser {
			urns = append(urns, urn)
		}
	}
	slices.Sort(urns)
	return urns
}

func (n *Name) appendJSON(dst []byte) []byte {
	if n == nil {
		return dst
	}
	if n == nullName {
		return append(dst, `,"name":null`...)
	}

	dst = append(dst, `,"name":{`...)
	start := len(dst)
	dst = appendOptString(dst, "formatted", n.Formatted)
	dst = appendOptString(dst, "familyName", n.FamilyName)
	dst = appendOptString(dst, "givenName", n.GivenName)
	dst = appendOptString(dst, "middleName", n.MiddleName)
	dst = appendOptString(dst, "honorificPrefix", n.HonorificPrefix)
	dst = appendOptString(dst, "honorificSuffix", n.HonorificSuffix)
	dst = appendUnknown(dst, n.Unknown)
	return closeObject(dst, start)
}

func (e *EnterpriseUser) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	start := len(dst)
	dst = appendOptString(dst, "employeeNumber", e.EmployeeNumber)
	dst = appendOptString(dst, "costCenter", e.CostCenter)
	dst = appendOptString(dst, "organization", e.Organization)
	dst = appendOptString(dst, "division", e.Division)
	dst = appendOptString(dst, "department", e.Department)

	switch {
	case e.Manager == nullManager:
		dst = append(dst, `,"manager":null`...)
	case e.Manager != nil:
		dst = append(dst, `,"manager":{"value":`...)
		dst = appendString(dst, e.Manager.Value)
		dst = appendUnknown(dst, e.Manager.Unknown)
		dst = append(dst, '}')
	}

	dst = appendUnknown(dst, e.Unknown)
	return closeObject(dst, start)
}

func (x Extension) appendJSON(dst []byte) []byte {
	names := make([]string, 0, len(x))
	for name := range x {
		names = append(names, name)
	}
	slices.Sort(names)

	dst = append(dst, '{')
	for i, name := range names {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, name)
		dst = append(dst, ':')
		dst = x[name].appendJSON(dst)
	}
	return append(dst, '}')
}

func appendEmails(dst []byte, emails []Email) []byte {
	if emails == nil {
		return dst
	}

	dst = append(dst, `,"emails":[`...)
	for i := range emails {
		e := &emails[i]
		dst = appendEntry(dst, i, e.Value, e.Type, e.Primary, e.Unknown)
	}
	return append(dst, ']')
}

func appendPhoneNumbers(dst []byte, phones []PhoneNumber) []byte {
	if phones == nil {
		return dst
	}

	dst = append(dst, `,"phoneNumbers":[`...)
	for i := range phones {
		p := &phones[i]
		dst = appendEntry(dst, i, p.Value, p.Type, p.Primary, p.Unknown)
	}
	return append(dst, ']')
}

// appendEntry appends one email or phone number; both have the same sub-attributes.
func appendEntry(dst []byte, i int, value, typ string, primary bool, unknown map[string]json.RawMessage) []byte {
	if i > 0 {
		dst = append(dst, ',')
	}

	dst = append(dst, '{')
	start := len(dst)
	dst = appendNonEmpty(dst, "value", value)
	dst = appendNonEmpty(dst, "type", typ)
	if primary {
		dst = append(dst, `,"primary":true`...)
	}
	dst = appendUnknown(dst, unknown)
	return closeObject(dst, start)
}

func appendAddresses(dst []byte, addresses []Address) []byte {
	if addresses == nil {
		return dst
	}

	dst = append(dst, `,"addresses":[`...)
	for i := range addresses {
		a := &addresses[i]
		if i > 0 {
			dst = append(dst, ',')
		}

		dst = append(dst, '{')
		start := len(dst)
		dst = appendNonEmpty(dst, "type", a.Type)
		dst = appendNonEmpty(dst, "formatted", a.Formatted)
		dst = appendNonEmpty(dst, "streetAddress", a.StreetAddress)
		dst = appendNonEmpty(dst, "locality", a.Locality)
		dst = appendNonEmpty(dst, "region", a.Region)
		dst = appendNonEmpty(dst, "postalCode", a.PostalCode)
		dst = appendNonEmpty(dst, "country", a.Country)
		if a.Primary {
			dst = append(dst, `,"primary":true`...)
		}
		dst = appendUnknown(dst, a.Unknown)
		dst = closeObject(dst, start)
	}
	return append(dst, ']')
}

// Every append helper below writes a leading comma before its member. closeObject removes
// the comma that follows the object's opening brace at start and closes the object.
func closeObject(dst []byte, start int) []byte {
	if len(dst) > start && dst[start] == ',' {
		dst = append(dst[:start], dst[start+1:]...)
	}
	return append(dst, '}')
}

func appendOptString(dst []byte, name string, p *string) []byte {
	if p == nil {
		return dst
	}

	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	if p == nullString {
		return append(dst, "null"...)
	}
	return appendString(dst, *p)
}

func appendOptBool(dst []byte, name string, p *bool) []byte {
	if p == nil {
		return dst
	}

	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	if p == nullBool {
		return append(dst, "null"...)
	}
	return strconv.AppendBool(dst, *p)
}

func appendNonEmpty(dst []byte, name, s string) []byte {
	if s == "" {
		return dst
	}

	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return appendString(dst, s)
}

func appendUnknown(dst []byte, unknown map[string]json.RawMessage) []byte {
	if len(unknown) == 0 {
		return dst
	}

	names := make([]string, 0, len(unknown))
	for name := range unknown {
		names = append(names, name)
	}
	slices.Sort(names)

	for _, name := range names {
		dst = append(dst, ',')
		dst = appendString(dst, name)
		dst = append(dst, ':')
		dst = append(dst, unknown[name]...)
	}
	return dst
}
