package scim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// OperationError is an error about one operation of a bulk request, found while encoding
// or decoding it.
type OperationError struct {
	// Index is the operation's position in Operations, from 0.
	Index int
	Err   error
}

func (e *OperationError) Error() string {
	return fmt.Sprintf("operation %d: %v", e.Index, e.Err)
}

func (e *OperationError) Unwrap() error { return e.Err }

// UnmarshalJSON decodes a bulk request. Names are matched exactly, as the service matches
// them, so "operations" is kept in Unknown rather than read as Operations. The root
// schemas list is not kept: encoding always writes [SchemaBulkRequest].
func (r *BulkRequest) UnmarshalJSON(data []byte) error {
	obj, err := decodeObject(data, "")
	if err != nil {
		return err
	}
	delete(obj, "schemas")

	*r = BulkRequest{}
	if raw, ok := take(obj, "Operations"); ok {
		var ops []json.RawMessage
		if err := decodeArray(raw, "Operations", &ops); err != nil {
			return err
		}
		r.Operations = make([]BulkOperation, len(ops))
		for i, op := range ops {
			if err := r.Operations[i].UnmarshalJSON(op); err != nil {
				return &OperationError{Index: i, Err: err}
			}
		}
	}
	if raw, ok := take(obj, "failOnErrors"); ok && !isNullJSON(raw) {
		r.FailOnErrors = new(int)
		if err := decodeField(raw, "failOnErrors", r.FailOnErrors); err != nil {
			return err
		}
	}
	r.Unknown = rest(obj)
	return nil
}

// UnmarshalJSON decodes one bulk operation, matching names exactly.
func (op *BulkOperation) UnmarshalJSON(data []byte) error {
	obj, err := decodeObject(data, "")
	if err != nil {
		return err
	}

	*op = BulkOperation{}
	fields := []struct {
		name string
		dst  *string
	}{{"method", &op.Method}, {"path", &op.Path}, {"bulkId", &op.BulkID}}
	for _, f := range fields {
		if raw, ok := take(obj, f.name); ok {
			if err := decodeField(raw, f.name, f.dst); err != nil {
				return err
			}
		}
	}

	if raw, ok := take(obj, "data"); ok && !isNullJSON(raw) {
		op.Data = new(User)
		if err := op.Data.UnmarshalJSON(raw); err != nil {
			return fmt.Errorf("data: %w", err)
		}
	}
	op.Unknown = rest(obj)
	return nil
}

// UnmarshalJSON decodes a user, matching names exactly. A top-level object under a name
// that starts with "urn:" becomes a custom extension; other unknown names are kept in
// Unknown. The schemas list is not kept, because encoding computes it. JSON null in a
// single-valued attribute decodes to [Null].
func (u *User) UnmarshalJSON(data []byte) error {
	obj, err := decodeObject(data, "")
	if err != nil {
		return err
	}
	delete(obj, "schemas")

	*u = User{}
	if raw, ok := take(obj, "externalId"); ok {
		if err := decodeField(raw, "externalId", &u.ExternalID); err != nil {
			return err
		}
	}

	optional := []struct {
		name string
		dst  **string
	}{
		{"userName", &u.UserName}, {"displayName", &u.DisplayName}, {"nickName", &u.NickName},
		{"title", &u.Title}, {"userType", &u.UserType}, {"preferredLanguage", &u.PreferredLanguage},
		{"locale", &u.Locale}, {"timezone", &u.Timezone},
	}
	for _, f := range optional {
		if err := takeOptString(obj, f.name, "", f.dst); err != nil {
			return err
		}
	}

	if raw, ok := take(obj, "active"); ok {
		if isNullJSON(raw) {
			u.Active = nullBool
		} else {
			u.Active = new(bool)
			if err := decodeField(raw, "active", u.Active); err != nil {
				return err
			}
		}
	}

	if err := u.decodeName(obj); err != nil {
		return err
	}
	if err := u.decodeMultiValued(obj); err != nil {
		return err
	}
	if err := u.decodeExtensions(obj); err != nil {
		return err
	}

	u.Unknown = rest(obj)
	return nil
}

func (u *User) decodeName(obj map[string]json.RawMessage) error {
	raw, ok := take(obj, "name")
	if !ok {
		return nil
	}
	if isNullJSON(raw) {
		u.Name = nullName
		return nil
	}

	nameObj, err := decodeObject(raw, "name")
	if err != nil {
		return err
	}
	n := new(Name)
	parts := []struct {
		name string
		dst  **string
	}{
		{"formatted", &n.Formatted}, {"familyName", &n.FamilyName}, {"givenName", &n.GivenName},
		{"middleName", &n.MiddleName}, {"honorificPrefix", &n.HonorificPrefix},
		{"honorificSuffix", &n.HonorificSuffix},
	}
	for _, p := range parts {
		if err := takeOptString(nameObj, p.name, "name.", p.dst); err != nil {
			return err
		}
	}
	n.Unknown = rest(nameObj)
	u.Name = n
	return nil
}

func (u *User) decodeMultiValued(obj map[string]json.RawMessage) error {
	var err error
	if u.Emails, err = decodeEntries(obj, "emails", decodeEmail); err != nil {
		return err
	}
	if u.PhoneNumbers, err = decodeEntries(obj, "phoneNumbers", decodePhoneNumber); err != nil {
		return err
	}
	u.Addresses, err = decodeEntries(obj, "addresses", decodeAddress)
	return err
}

// decodeExtensions moves the enterprise extension and every other "urn:" object out of
// obj. A "urn:" name whose value is not an object stays in obj, and so in Unknown. So
// does an object under the core User URN, which is no extension: encoding leaves the
// core URN out of Extensions, so taking it there would lose it.
func (u *User) decodeExtensions(obj map[string]json.RawMessage) error {
	if raw, ok := take(obj, SchemaEnterpriseUser); ok {
		e, err := decodeEnterprise(raw)
		if err != nil {
			return err
		}
		u.Enterprise = e
	}

	for name, raw := range obj {
		if !strings.HasPrefix(name, "urn:") || name == SchemaCoreUser || !isObjectJSON(raw) {
			continue
		}

		var ext Extension
		if err := json.Unmarshal(raw, &ext); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if u.Extensions == nil {
			u.Extensions = make(map[string]Extension)
		}
		u.Extensions[name] = ext
		delete(obj, name)
	}
	return nil
}

func decodeEnterprise(raw json.RawMessage) (*EnterpriseUser, error) {
	const prefix = SchemaEnterpriseUser + "."
	obj, err := decodeObject(raw, SchemaEnterpriseUser)
	if err != nil {
		return nil, err
	}

	e := new(EnterpriseUser)
	parts := []struct {
		name string
		dst  **string
	}{
		{"employeeNumber", &e.EmployeeNumber}, {"costCenter", &e.CostCenter},
		{"organization", &e.Organization}, {"division", &e.Division},
		{"department", &e.Department},
	}
	for _, p := range parts {
		if err := takeOptString(obj, p.name, prefix, p.dst); err != nil {
			return nil, err
		}
	}

	if raw, ok := take(obj, "manager"); ok {
		if isNullJSON(raw) {
			e.Manager = nullManager
		} else {
			managerObj, err := decodeObject(raw, prefix+"manager")
			if err != nil {
				return nil, err
			}
			m := new(Manager)
			if raw, ok := take(managerObj, "value"); ok {
				if err := decodeField(raw, prefix+"manager.value", &m.Value); err != nil {
					return nil, err
				}
			}
			m.Unknown = rest(managerObj)
			e.Manager = m
		}
	}

	e.Unknown = rest(obj)
	return e, nil
}

func decodeEmail(obj map[string]json.RawMessage, path string) (Email, error) {
	var e Email
	err := takeEntry(obj, path, &e.Value, &e.Type, &e.Primary)
	e.Unknown = rest(obj)
	return e, err
}

func decodePhoneNumber(obj map[string]json.RawMessage, path string) (PhoneNumber, error) {
	var p PhoneNumber
	err := takeEntry(obj, path, &p.Value, &p.Type, &p.Primary)
	p.Unknown = rest(obj)
	return p, err
}

func decodeAddress(obj map[string]json.RawMessage, path string) (Address, error) {
	var a Address
	parts := []struct {
		name string
		dst  *string
	}{
		{"type", &a.Type}, {"formatted", &a.Formatted}, {"streetAddress", &a.StreetAddress},
		{"locality", &a.Locality}, {"region", &a.Region}, {"postalCode", &a.PostalCode},
		{"country", &a.Country},
	}
	for _, p := range parts {
		if raw, ok := take(obj, p.name); ok {
			if err := decodeField(raw, path+"."+p.name, p.dst); err != nil {
				return a, err
			}
		}
	}
	if raw, ok := take(obj, "primary"); ok {
		if err := decodeField(raw, path+".primary", &a.Primary); err != nil {
			return a, err
		}
	}
	a.Unknown = rest(obj)
	return a, nil
}

// takeEntry decodes the value, type and primary sub-attributes shared by emails and
// phone numbers.
func takeEntry(obj map[string]json.RawMessage, path string, value, typ *string, primary *bool) error {
	if raw, ok := take(obj, "value"); ok {
		if err := decodeField(raw, path+".value", value); err != nil {
			return err
		}
	}
	if raw, ok := take(obj, "type"); ok {
		if err := decodeField(raw, path+".type", typ); err != nil {
			return err
		}
	}
	if raw, ok := take(obj, "primary"); ok {
		if err := decodeField(raw, path+".primary", primary); err != nil {
			return err
		}
	}
	return nil
}

// decodeEntries decodes the multi-valued attribute name, which must be a JSON array of
// objects. JSON null is taken as absent.
func decodeEntries[T any](obj map[string]json.RawMessage, name string,
	decode func(map[string]json.RawMessage, string) (T, error)) ([]T, error) {
	raw, ok := take(obj, name)
	if !ok || isNullJSON(raw) {
		return nil, nil
	}

	var items []json.RawMessage
	if err := decodeArray(raw, name, &items); err != nil {
		return nil, err
	}

	entries := make([]T, len(items))
	for i, item := range items {
		path := fmt.Sprintf("%s[%d]", name, i)
		entryObj, err := decodeObject(item, path)
		if err != nil {
			return nil, err
		}
		if entries[i], err = decode(entryObj, path); err != nil {
			return nil, err
		}
	}
	return entries, nil
}

func takeOptString(obj map[string]json.RawMessage, name, prefix string, dst **string) error {
	raw, ok := take(obj, name)
	if !ok {
		return nil
	}
	if isNullJSON(raw) {
		*dst = nullString
		return nil
	}

	s := new(string)
	if err := decodeField(raw, prefix+name, s); err != nil {
		return err
	}
	*dst = s
	return nil
}

func take(obj map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	raw, ok := obj[name]
	if ok {
		delete(obj, name)
	}
	return raw, ok
}

// rest returns what is left of obj, or nil when nothing is.
func rest(obj map[string]json.RawMessage) map[string]json.RawMessage {
	if len(obj) == 0 {
		return nil
	}
	return obj
}

// decodeObject decodes data, which must be a JSON object, into its members. path names
// the object in errors.
func decodeObject(data []byte, path string) (map[string]json.RawMessage, error) {
	if !isObjectJSON(data) {
		return nil, &TypeError{Path: path, Want: "object", Got: jsonKind(data)}
	}

	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("%s: %w", orRoot(path), err)
	}
	return obj, nil
}

func decodeArray(data []byte, path string, dst *[]json.RawMessage) error {
	if kind := jsonKind(data); kind != "array" {
		return &TypeError{Path: path, Want: "array", Got: kind}
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// decodeField decodes a scalar member into dst and names path when its JSON type is wrong.
func decodeField(data []byte, path string, dst any) error {
	if err := json.Unmarshal(data, dst); err != nil {
		var want string
		switch dst.(type) {
		case *string:
			want = "string"
		case *bool:
			want = "boolean"
		default:
			want = "number"
		}
		return &TypeError{Path: path, Want: want, Got: jsonKind(data)}
	}
	return nil
}

// TypeError reports a JSON value of the wrong type, such as an object where the service
// requires an array.
type TypeError struct {
	// Path is the JSON path of the value, for example "phoneNumbers" or "name.givenName".
	Path string
	Want string
	Got  string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("%s: invalid type: want a JSON %s, got %s", orRoot(e.Path), e.Want, e.Got)
}

func orRoot(path string) string {
	if path == "" {
		return "(root)"
	}
	return path
}

// jsonKind names the JSON type of data by its first byte.
func jsonKind(data []byte) string {
	data = trimSpace(data)
	if len(data) == 0 {
		return "nothing"
	}

	switch data[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func isObjectJSON(data []byte) bool { return jsonKind(data) == "object" }

func isNullJSON(data []byte) bool { return bytes.Equal(trimSpace(data), []byte("null")) }
