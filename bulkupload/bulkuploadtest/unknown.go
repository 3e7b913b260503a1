package bulkuploadtest

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/inbound-go/inbound/scim"
)

// These checks run only with Options.RejectUnknownAttributes. The service itself accepts
// unknown names with 202 and ignores or fails them during processing.

// rejectUnknownNames returns an error naming the first member of obj, in name order,
// that is not one of known. prefix is the JSON path of obj followed by a dot, or "".
func rejectUnknownNames(obj map[string]json.RawMessage, prefix string, known ...string) error {
	for _, name := range sortedKeys(obj) {
		if !slices.Contains(known, name) {
			return unknownNameError(prefix + name)
		}
	}
	return nil
}

// rejectUnknownAttributes returns an error naming the first attribute of u that the
// scim decoder did not recognise, or a custom extension that data.schemas does not list.
// data is u in raw form and path is its JSON path.
func rejectUnknownAttributes(u *scim.User, data map[string]json.RawMessage, path string) error {
	var unknown []string
	add := func(prefix string, members map[string]json.RawMessage) {
		for _, name := range sortedKeys(members) {
			unknown = append(unknown, prefix+name)
		}
	}

	add("", u.Unknown)
	if u.Name != nil {
		add("name.", u.Name.Unknown)
	}
	for i, e := range u.Emails {
		add(fmt.Sprintf("emails[%d].", i), e.Unknown)
	}
	for i, p := range u.PhoneNumbers {
		add(fmt.Sprintf("phoneNumbers[%d].", i), p.Unknown)
	}
	for i, a := range u.Addresses {
		add(fmt.Sprintf("addresses[%d].", i), a.Unknown)
	}
	if e := u.Enterprise; e != nil {
		add(scim.SchemaEnterpriseUser+".", e.Unknown)
		if e.Manager != nil {
			add(scim.SchemaEnterpriseUser+".manager.", e.Manager.Unknown)
		}
	}
	if len(unknown) > 0 {
		return unknownNameError(path + "." + unknown[0])
	}

	var listed []string
	_ = json.Unmarshal(data["schemas"], &listed) // parseUser has checked its type.
	urns := make([]string, 0, len(u.Extensions))
	for urn := range u.Extensions {
		urns = append(urns, urn)
	}
	slices.Sort(urns)
	for _, urn := range urns {
		if !slices.Contains(listed, urn) {
			return fmt.Errorf("%s has the extension %q, which %s.schemas does not list", path, urn, path)
		}
	}
	return nil
}

func unknownNameError(path string) error {
	return fmt.Errorf("%s is not an attribute that the service processes (names are case-sensitive)", path)
}

func sortedKeys(obj map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
