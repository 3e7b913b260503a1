package hrdata

import (
	"time"

	"github.com/inbound-go/inbound/scim"
)

// ExtensionURN is the custom extension that carries the hire date, and AttributeHireDate
// its attribute.
const (
	ExtensionURN      = "urn:ietf:params:scim:schemas:extension:inbound:1.0:User"
	AttributeHireDate = "hireDate"
)

// activeStatuses lists the WorkerStatus values that map to active=true. Workers on leave
// are still employed, so they stay active.
var activeStatuses = map[string]bool{"Active": true, "Leave": true, "On Leave": true}

// User maps the worker to a SCIM user the way examples/csvupload maps a CSV row: blank
// cells leave their attribute out, contacts are of type work, and the hire date becomes
// midnight UTC in the [ExtensionURN] extension. It panics if HireDate is not YYYY-MM-DD,
// which a generated worker never has.
func (w *Worker) User() *scim.User {
	firstName := w.FirstName
	if w.PreferredName != "" {
		firstName = w.PreferredName
	}

	u := &scim.User{
		ExternalID:  w.WorkerID,
		UserName:    scim.Ptr(w.UserID),
		Name:        &scim.Name{GivenName: scim.Ptr(w.FirstName), FamilyName: scim.Ptr(w.LastName)},
		DisplayName: scim.Ptr(firstName + " " + w.LastName),
		NickName:    optional(w.PreferredName),
		Title:       optional(w.JobTitle),
		UserType:    optional(w.EmployeeType),
		Active:      scim.Ptr(activeStatuses[w.WorkerStatus]),
		Enterprise: &scim.EnterpriseUser{
			EmployeeNumber: scim.Ptr(w.WorkerID),
			Department:     optional(w.Department),
			CostCenter:     optional(w.CostCenter),
		},
	}

	if w.Email != "" {
		u.Emails = []scim.Email{{Value: w.Email, Type: scim.TypeWork, Primary: true}}
	}
	if w.WorkPhone != "" {
		u.PhoneNumbers = []scim.PhoneNumber{{Value: w.WorkPhone, Type: scim.TypeWork, Primary: true}}
	}
	if w.WorkStreet != "" || w.WorkCity != "" || w.WorkPostalCode != "" || w.WorkCountry != "" {
		u.Addresses = []scim.Address{{
			Type:          scim.TypeWork,
			StreetAddress: w.WorkStreet,
			Locality:      w.WorkCity,
			PostalCode:    w.WorkPostalCode,
			Country:       w.WorkCountry,
			Primary:       true,
		}}
	}
	if w.ManagerID != "" {
		u.Enterprise.Manager = &scim.Manager{Value: w.ManagerID}
	}

	if w.HireDate != "" {
		hired, err := time.Parse(time.DateOnly, w.HireDate)
		if err != nil {
			panic("hrdata: worker " + w.WorkerID + " has an invalid HireDate")
		}
		u.Extensions = map[string]scim.Extension{ExtensionURN: {AttributeHireDate: scim.DateTime(hired)}}
	}
	return u
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
