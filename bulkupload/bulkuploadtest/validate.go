package bulkuploadtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"slices"
	"strings"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

// The rules below check the raw JSON, not a decoded scim.BulkRequest, because the service
// matches names and values case-sensitively: "operations", "/users" and "externalid" must
// fail, while the decoder would silently keep them in Unknown. Every message names a
// position and a rule but never an attribute value, because values are personal data.

// operation is one operation of a valid request.
type operation struct {
	externalID string
	data       json.RawMessage
}

// checkContentType returns an error unless got is the content type that the service
// requires. lenient also accepts parameters and another case.
func checkContentType(got string, lenient bool) error {
	want := bulkupload.ContentType
	switch {
	case got == want:
		return nil
	case got == "":
		return fmt.Errorf("the Content-Type header is missing: it must be %q", want)
	case lenient:
		if mediaType, _, err := mime.ParseMediaType(got); err == nil && mediaType == want {
			return nil
		}
	}
	return fmt.Errorf("Content-Type must be %q, not %q", want, got)
}

// parseBulkRequest checks body against the service's documented rules and returns its
// operations, or an error that names the first rule broken. strict also rejects names
// that the service does not process (Options.RejectUnknownAttributes).
func parseBulkRequest(body []byte, strict bool) ([]operation, error) {
	if !json.Valid(body) {
		return nil, errors.New("the body is not valid JSON")
	}
	root, err := objectOf(body, "the body")
	if err != nil {
		return nil, err
	}

	if err := requireURN(root, "schemas", scim.SchemaBulkRequest); err != nil {
		return nil, err
	}
	items, err := operationsOf(root)
	if err != nil {
		return nil, err
	}
	if strict {
		if err := rejectUnknownNames(root, "", "schemas", "Operations", "failOnErrors"); err != nil {
			return nil, err
		}
	}

	ops := make([]operation, len(items))
	firstUse := make(map[string]int, len(items))
	for i, item := range items {
		if ops[i], err = parseOperation(item, i, firstUse, strict); err != nil {
			return nil, err
		}
	}
	return ops, nil
}

func operationsOf(root map[string]json.RawMessage) ([]json.RawMessage, error) {
	raw, ok := root["Operations"]
	if !ok {
		return nil, fmt.Errorf("Operations is missing%s", caseHint(root, "Operations"))
	}
	if kind := kindOf(raw); kind != "array" {
		return nil, fmt.Errorf("Operations must be a JSON array, got %s", kind)
	}

	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("Operations: %w", err)
	}
	if len(items) < 1 || len(items) > bulkupload.MaxOperations {
		return nil, fmt.Errorf("Operations has %d operations: it must have 1 to %d", len(items), bulkupload.MaxOperations)
	}
	return items, nil
}

// parseOperation checks Operations[i]. firstUse maps each bulkId seen so far to the
// index of the operation that used it first.
func parseOperation(item json.RawMessage, i int, firstUse map[string]int, strict bool) (operation, error) {
	path := fmt.Sprintf("Operations[%d]", i)
	obj, err := objectOf(item, path)
	if err != nil {
		return operation{}, err
	}

	if err := requireValue(obj, path, "method", scim.MethodPost); err != nil {
		return operation{}, err
	}
	if err := requireValue(obj, path, "path", scim.PathUsers); err != nil {
		return operation{}, err
	}

	bulkID, err := requireString(obj, path, "bulkId")
	if err != nil {
		return operation{}, err
	}
	if first, ok := firstUse[bulkID]; ok {
		return operation{}, fmt.Errorf("%s.bulkId repeats the bulkId of Operations[%d]: bulkIds must be unique in a request", path, first)
	}
	firstUse[bulkID] = i

	if strict {
		if err := rejectUnknownNames(obj, path+".", "method", "path", "bulkId", "data"); err != nil {
			return operation{}, err
		}
	}

	raw, ok := obj["data"]
	if !ok {
		return operation{}, fmt.Errorf("%s.data is missing%s", path, caseHint(obj, "data"))
	}
	return parseUser(raw, path+".data", strict)
}

func parseUser(raw json.RawMessage, path string, strict bool) (operation, error) {
	data, err := objectOf(raw, path)
	if err != nil {
		return operation{}, err
	}

	if err := requireURN(data, path+".schemas", scim.SchemaCoreUser); err != nil {
		return operation{}, err
	}
	if err := requireURN(data, path+".schemas", scim.SchemaEnterpriseUser); err != nil {
		return operation{}, err
	}
	externalID, err := requireString(data, path, "externalId")
	if err != nil {
		return operation{}, err
	}

	var u scim.User
	if err := u.UnmarshalJSON(raw); err != nil {
		// Decoding errors are *scim.TypeError, which names a path and two JSON types.
		// Any other error is replaced, because its text might quote a value.
		var typeErr *scim.TypeError
		if errors.As(err, &typeErr) {
			return operation{}, fmt.Errorf("%s.%w", path, typeErr)
		}
		return operation{}, fmt.Errorf("%s is not a valid SCIM user", path)
	}
	if strict {
		if err := rejectUnknownAttributes(&u, data, path); err != nil {
			return operation{}, err
		}
	}
	return operation{externalID: externalID, data: raw}, nil
}

// requireString returns the string member name of obj, which must be present and not
// empty.
func requireString(obj map[string]json.RawMessage, path, name string) (string, error) {
	raw, ok := obj[name]
	if !ok {
		return "", fmt.Errorf("%s.%s is missing%s", path, name, caseHint(obj, name))
	}

	var s string
	if kind := kindOf(raw); kind != "string" {
		return "", fmt.Errorf("%s.%s must be a JSON string, got %s", path, name, kind)
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s.%s: %w", path, name, err)
	}
	if s == "" {
		return "", fmt.Errorf("%s.%s is empty", path, name)
	}
	return s, nil
}

// requireValue checks that the string member name of obj is exactly want. The
// members checked here hold protocol values, not personal data, so a case hint is safe.
func requireValue(obj map[string]json.RawMessage, path, name, want string) error {
	got, err := requireString(obj, path, name)
	if err != nil {
		return err
	}
	switch {
	case got == want:
		return nil
	case strings.EqualFold(got, want):
		return fmt.Errorf("%s.%s must be %q, in that case: values are case-sensitive", path, name, want)
	}
	return fmt.Errorf("%s.%s must be %q", path, name, want)
}

// requireURN checks that obj has a schemas member, at path, that lists urn.
func requireURN(obj map[string]json.RawMessage, path, urn string) error {
	raw, ok := obj["schemas"]
	if !ok {
		return fmt.Errorf("%s is missing: it must list %q%s", path, urn, caseHint(obj, "schemas"))
	}

	var urns []string
	if kindOf(raw) != "array" || json.Unmarshal(raw, &urns) != nil {
		return fmt.Errorf("%s must be a JSON array of strings", path)
	}
	if !slices.Contains(urns, urn) {
		return fmt.Errorf("%s must list %q", path, urn)
	}
	return nil
}

// objectOf decodes data, which must be a JSON object, into its members.
func objectOf(data json.RawMessage, path string) (map[string]json.RawMessage, error) {
	if kind := kindOf(data); kind != "object" {
		return nil, fmt.Errorf("%s must be a JSON object, got %s", path, kind)
	}

	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return obj, nil
}

// caseHint returns a note naming a member of obj that differs from name only in case,
// or "" when there is none.
func caseHint(obj map[string]json.RawMessage, name string) string {
	for _, k := range sortedKeys(obj) {
		if k != name && strings.EqualFold(k, name) {
			return fmt.Sprintf(" (found %q: names are case-sensitive)", k)
		}
	}
	return ""
}

// kindOf names the JSON type of data, which must be valid JSON, by its first byte.
func kindOf(data []byte) string {
	data = bytes.TrimLeft(data, " \t\r\n")
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
