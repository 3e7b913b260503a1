package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// Column names of the HR export, matched to the header row without regard to case or
// surrounding spaces. Columns the mapping does not know are ignored.
const (
	colWorkerID       = "WorkerID"
	colWorkerStatus   = "WorkerStatus"
	colFirstName      = "FirstName"
	colLastName       = "LastName"
	colPreferredName  = "PreferredName"
	colUserID         = "UserID"
	colEmail          = "Email"
	colManagerID      = "ManagerID"
	colDepartment     = "Department"
	colCostCenter     = "CostCenter"
	colJobTitle       = "JobTitle"
	colEmployeeType   = "EmployeeType"
	colHireDate       = "HireDate"
	colWorkPhone      = "WorkPhone"
	colWorkStreet     = "WorkStreet"
	colWorkCity       = "WorkCity"
	colWorkPostalCode = "WorkPostalCode"
	colWorkCountry    = "WorkCountry"
)

// requiredColumns must be in the header. Without them a record has no externalId, no
// userName (which becomes the UPN), no name, or no active flag, and omitting active has
// been reported to disable existing accounts.
var requiredColumns = []string{colWorkerID, colWorkerStatus, colFirstName, colLastName, colUserID}

// optionalColumns may be missing from the header, and their attributes are then left out.
var optionalColumns = []string{
	colPreferredName, colEmail, colManagerID, colDepartment, colCostCenter, colJobTitle,
	colEmployeeType, colHireDate, colWorkPhone, colWorkStreet, colWorkCity,
	colWorkPostalCode, colWorkCountry,
}

// Custom extension that carries the hire date. The provisioning app's schema must define
// urn:ietf:params:scim:schemas:extension:inbound:1.0:User:hireDate as a DateTime attribute
// for the job to map it, for example to employeeHireDate.
const (
	extensionURN      = "urn:ietf:params:scim:schemas:extension:inbound:1.0:User"
	attributeHireDate = "hireDate"
)

// hireDateLayout is the date-only form of HR exports. The date is sent as midnight UTC in
// RFC 3339 form, because a date-only value has been reported not to reach employeeHireDate.
const hireDateLayout = time.DateOnly

// statusActive maps each known WorkerStatus, in lower case, to the SCIM active flag.
// Workers on leave stay active because they are still employed and will return. Change
// the table to disable them instead. An unknown status rejects the row rather than guess,
// because active=false disables the account.
var statusActive = map[string]bool{
	"active":           true,
	"leave":            true,
	"on leave":         true,
	"leave of absence": true,
	"inactive":         false,
	"terminated":       false,
	"retired":          false,
}

// Errors about one cell. They never contain the cell's value, which is personal data.
var (
	errEmptyValue    = errors.New("value is empty")
	errUnknownStatus = errors.New("unknown status: expected Active, Leave, On Leave, Leave of Absence, Inactive, Terminated or Retired")
	errInvalidDate   = errors.New("invalid date: expected YYYY-MM-DD")
)

// cellError reports a cell that the mapping cannot use. It names the column only.
type cellError struct {
	Column string
	Err    error
}

func (e *cellError) Error() string { return fmt.Sprintf("column %s: %v", e.Column, e.Err) }

func (e *cellError) Unwrap() error { return e.Err }

// activeFromStatus returns the SCIM active flag for a WorkerStatus text, compared without
// regard to case or surrounding spaces.
func activeFromStatus(status string) (bool, error) {
	active, ok := statusActive[strings.ToLower(strings.TrimSpace(status))]
	if !ok {
		return false, errUnknownStatus
	}
	return active, nil
}

// row is one CSV record with its cells looked up by column name.
type row struct {
	fields []string
	index  map[string]int
}

// get returns the trimmed cell of column, or "" when the header has no such column.
func (r row) get(column string) string {
	i, ok := r.index[column]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// optional returns a pointer to the cell of column, or nil when the cell is empty or the
// column is missing. An empty cell leaves the attribute out rather than sending "", which
// would clear the target attribute when the app has "flow null values" turned on.
func (r row) optional(column string) *string {
	value := r.get(column)
	if value == "" {
		return nil
	}
	return &value
}

// required returns the cell of column and fails when it is empty.
func (r row) required(column string) (string, error) {
	value := r.get(column)
	if value == "" {
		return "", &cellError{Column: column, Err: errEmptyValue}
	}
	return value, nil
}

// mapUser turns one row into a SCIM user. Errors are *cellError and name the first
// column that cannot be used.
func mapUser(r row) (*scim.User, error) {
	externalID, err := r.required(colWorkerID)
	if err != nil {
		return nil, err
	}
	u := &scim.User{ExternalID: externalID}

	if err := mapIdentity(r, u); err != nil {
		return nil, err
	}
	mapContacts(r, u)
	u.Enterprise = mapEnterprise(r, externalID)

	if hireDate := r.get(colHireDate); hireDate != "" {
		t, err := time.ParseInLocation(hireDateLayout, hireDate, time.UTC)
		if err != nil {
			// The parse error quotes the value, so it is not wrapped.
			return nil, &cellError{Column: colHireDate, Err: errInvalidDate}
		}
		u.Extensions = map[string]scim.Extension{
			extensionURN: {attributeHireDate: scim.DateTime(t)},
		}
	}
	return u, nil
}

// mapIdentity sets the user's name, userName, active flag and job attributes.
func mapIdentity(r row, u *scim.User) error {
	status, err := r.required(colWorkerStatus)
	if err != nil {
		return err
	}
	active, err := activeFromStatus(status)
	if err != nil {
		return &cellError{Column: colWorkerStatus, Err: err}
	}
	u.Active = &active

	userName, err := r.required(colUserID)
	if err != nil {
		return err
	}
	givenName, err := r.required(colFirstName)
	if err != nil {
		return err
	}
	familyName, err := r.required(colLastName)
	if err != nil {
		return err
	}

	u.UserName = &userName
	u.Name = &scim.Name{GivenName: &givenName, FamilyName: &familyName}
	u.NickName = r.optional(colPreferredName)
	u.DisplayName = scim.Ptr(displayName(givenName, familyName, r.get(colPreferredName)))
	u.Title = r.optional(colJobTitle)
	u.UserType = r.optional(colEmployeeType)
	return nil
}

// displayName uses the preferred name in place of the first name when there is one, as
// people address each other by it.
func displayName(givenName, familyName, preferredName string) string {
	if preferredName != "" {
		givenName = preferredName
	}
	return givenName + " " + familyName
}

// mapContacts sets the work email, phone and address. Each is of type work, because the
// service ignores entries of other types.
func mapContacts(r row, u *scim.User) {
	if email := r.get(colEmail); email != "" {
		u.Emails = []scim.Email{{Value: email, Type: scim.TypeWork, Primary: true}}
	}
	if phone := r.get(colWorkPhone); phone != "" {
		u.PhoneNumbers = []scim.PhoneNumber{{Value: phone, Type: scim.TypeWork, Primary: true}}
	}

	address := scim.Address{
		Type:          scim.TypeWork,
		StreetAddress: r.get(colWorkStreet),
		Locality:      r.get(colWorkCity),
		PostalCode:    r.get(colWorkPostalCode),
		Country:       r.get(colWorkCountry),
		Primary:       true,
	}
	if address.StreetAddress != "" || address.Locality != "" || address.PostalCode != "" || address.Country != "" {
		u.Addresses = []scim.Address{address}
	}
}

// mapEnterprise returns the enterprise extension. employeeNumber repeats the WorkerID for
// provisioning apps whose attribute mapping reads employeeNumber rather than externalId.
func mapEnterprise(r row, externalID string) *scim.EnterpriseUser {
	enterprise := &scim.EnterpriseUser{
		EmployeeNumber: scim.Ptr(externalID),
		Department:     r.optional(colDepartment),
		CostCenter:     r.optional(colCostCenter),
	}

	// manager.value is the manager's externalId, which is their WorkerID in this export.
	if managerID := r.get(colManagerID); managerID != "" {
		enterprise.Manager = &scim.Manager{Value: managerID}
	}
	return enterprise
}
