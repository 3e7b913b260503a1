package scim

import "encoding/json"

// User is one worker record: the data of one bulk operation. It holds the core User
// attributes that the provisioning service processes by default, the enterprise extension
// and any custom extensions.
//
// A nil pointer leaves its attribute out of the wire form. See the package documentation
// for "" and null.
type User struct {
	// ExternalID identifies the worker in the system of record. The service requires it
	// and by default matches it to the Entra employeeId.
	ExternalID string

	// UserName becomes the userPrincipalName by default.
	UserName          *string
	Name              *Name
	DisplayName       *string
	NickName          *string
	Title             *string
	UserType          *string
	PreferredLanguage *string
	Locale            *string
	Timezone          *string

	// Active is sent whenever it is set, false included. Leaving it out has been reported
	// to disable existing accounts, so set it on every record.
	Active *bool

	Emails       []Email
	PhoneNumbers []PhoneNumber
	Addresses    []Address

	// Enterprise is the urn:ietf:params:scim:schemas:extension:enterprise:2.0:User object.
	Enterprise *EnterpriseUser

	// Extensions holds custom extensions keyed by URN, each encoded as an object at the
	// top level of the user and listed in its schemas.
	Extensions map[string]Extension

	// Unknown holds top-level attributes that the model does not know, keyed by their
	// exact JSON name, as raw JSON. Decoding fills it and encoding writes it back.
	Unknown map[string]json.RawMessage
}

// Name is the name attribute of a [User].
type Name struct {
	Formatted       *string
	FamilyName      *string
	GivenName       *string
	MiddleName      *string
	HonorificPrefix *string
	HonorificSuffix *string
	Unknown         map[string]json.RawMessage
}

// Email is one entry of the emails attribute. Empty strings and a false Primary are left
// out of the wire form.
type Email struct {
	Value   string
	Type    string
	Primary bool
	Unknown map[string]json.RawMessage
}

// PhoneNumber is one entry of the phoneNumbers attribute. Empty strings and a false
// Primary are left out of the wire form.
type PhoneNumber struct {
	Value   string
	Type    string
	Primary bool
	Unknown map[string]json.RawMessage
}

// Address is one entry of the addresses attribute. Empty strings and a false Primary are
// left out of the wire form.
type Address struct {
	Type          string
	Formatted     string
	StreetAddress string
	Locality      string
	Region        string
	PostalCode    string
	Country       string
	Primary       bool
	Unknown       map[string]json.RawMessage
}

// EnterpriseUser is the enterprise extension of a [User].
type EnterpriseUser struct {
	EmployeeNumber *string
	CostCenter     *string
	Organization   *string
	Division       *string
	Department     *string

	// Manager refers to the manager's externalId, not an object ID, UPN or email. The
	// service resolves it only against records the job received before or in the same
	// upload.
	Manager *Manager

	Unknown map[string]json.RawMessage
}

// Manager is the manager attribute of the enterprise extension.
type Manager struct {
	// Value is the manager's externalId.
	Value   string
	Unknown map[string]json.RawMessage
}
