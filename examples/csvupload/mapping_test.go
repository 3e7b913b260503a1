package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/scim"
)

func TestActiveFromStatus(t *testing.T) {
	tests := []struct {
		status string
		want   bool
	}{
		{"Active", true},
		{"active", true},
		{"  ACTIVE ", true},
		{"Leave", true},
		{"On Leave", true},
		{"Leave of Absence", true},
		{"Inactive", false},
		{"Terminated", false},
		{"Retired", false},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			got, err := activeFromStatus(tt.status)

			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestActiveFromStatusUnknown(t *testing.T) {
	for _, status := range []string{"", "Pending", "Suspended", "Activ"} {
		t.Run(status, func(t *testing.T) {
			_, err := activeFromStatus(status)

			assert.ErrorIs(t, err, errUnknownStatus)
		})
	}
}

// testRow returns a row with the sample's columns, filled from cells keyed by column.
func testRow(cells map[string]string) row {
	index := make(map[string]int)
	fields := make([]string, 0, len(cells))
	for column, value := range cells {
		index[column] = len(fields)
		fields = append(fields, value)
	}
	return row{fields: fields, index: index}
}

func fullCells() map[string]string {
	return map[string]string{
		colWorkerID: "W2001", colWorkerStatus: "Active", colFirstName: "Łukasz",
		colLastName: "Nowak-Kowalski", colPreferredName: "Luke", colUserID: "lukasz.nowak@example.com",
		colEmail: "luke.nowak@example.com", colManagerID: "W2000", colDepartment: "Sales, Americas",
		colCostCenter: "CC-500", colJobTitle: "Account Executive", colEmployeeType: "Contractor",
		colHireDate: "2024-03-01", colWorkPhone: "+1 206 555 0142", colWorkStreet: "1200 Sample Avenue",
		colWorkCity: "Seattle", colWorkPostalCode: "98101", colWorkCountry: "US",
	}
}

func TestMapUserAllColumns(t *testing.T) {
	u, err := mapUser(testRow(fullCells()))
	require.NoError(t, err)

	assert.Equal(t, "W2001", u.ExternalID)
	assert.Equal(t, "lukasz.nowak@example.com", *u.UserName)
	assert.Equal(t, "Łukasz", *u.Name.GivenName)
	assert.Equal(t, "Nowak-Kowalski", *u.Name.FamilyName)
	assert.Equal(t, "Luke Nowak-Kowalski", *u.DisplayName)
	assert.Equal(t, "Luke", *u.NickName)
	assert.Equal(t, "Account Executive", *u.Title)
	assert.Equal(t, "Contractor", *u.UserType)
	assert.True(t, *u.Active)
	assert.Equal(t, []scim.Email{{Value: "luke.nowak@example.com", Type: "work", Primary: true}}, u.Emails)
	assert.Equal(t, []scim.PhoneNumber{{Value: "+1 206 555 0142", Type: "work", Primary: true}}, u.PhoneNumbers)
	assert.Equal(t, []scim.Address{{Type: "work", StreetAddress: "1200 Sample Avenue", Locality: "Seattle",
		PostalCode: "98101", Country: "US", Primary: true}}, u.Addresses)
	assert.Equal(t, "W2001", *u.Enterprise.EmployeeNumber)
	assert.Equal(t, "Sales, Americas", *u.Enterprise.Department)
	assert.Equal(t, "CC-500", *u.Enterprise.CostCenter)
	assert.Equal(t, "W2000", u.Enterprise.Manager.Value)

	hireDate := u.Extensions[extensionURN][attributeHireDate]
	assert.Equal(t, scim.KindDateTime, hireDate.Kind())
	assert.Equal(t, "2024-03-01T00:00:00Z", hireDate.Str())
}

func TestMapUserBlankCellsLeftOut(t *testing.T) {
	cells := fullCells()
	for _, column := range optionalColumns {
		cells[column] = "  "
	}

	u, err := mapUser(testRow(cells))
	require.NoError(t, err)

	assert.Equal(t, "Łukasz Nowak-Kowalski", *u.DisplayName)
	assert.Nil(t, u.NickName)
	assert.Nil(t, u.Title)
	assert.Nil(t, u.UserType)
	assert.Nil(t, u.Emails)
	assert.Nil(t, u.PhoneNumbers)
	assert.Nil(t, u.Addresses)
	assert.Nil(t, u.Enterprise.Department)
	assert.Nil(t, u.Enterprise.CostCenter)
	assert.Nil(t, u.Enterprise.Manager)
	assert.Nil(t, u.Extensions)
}

func TestMapUserOptionalColumnsAbsent(t *testing.T) {
	cells := fullCells()
	for _, column := range optionalColumns {
		delete(cells, column)
	}

	u, err := mapUser(testRow(cells))
	require.NoError(t, err)

	assert.Equal(t, "W2001", u.ExternalID)
	assert.Nil(t, u.Emails)
	assert.Nil(t, u.Addresses)
	assert.Nil(t, u.Extensions)
}

func TestMapUserRequiredCellEmpty(t *testing.T) {
	for _, column := range requiredColumns {
		t.Run(column, func(t *testing.T) {
			cells := fullCells()
			cells[column] = ""

			_, err := mapUser(testRow(cells))

			var cellErr *cellError
			require.ErrorAs(t, err, &cellErr)
			assert.Equal(t, column, cellErr.Column)
			assert.ErrorIs(t, err, errEmptyValue)
		})
	}
}

func TestMapUserInvalidCells(t *testing.T) {
	tests := []struct {
		column, value string
		want          error
	}{
		{colHireDate, "01/03/2024", errInvalidDate},
		{colHireDate, "2024-02-30", errInvalidDate},
		{colHireDate, "2024-03-01T00:00:00Z", errInvalidDate},
		{colWorkerStatus, "Suspended", errUnknownStatus},
	}
	for _, tt := range tests {
		t.Run(tt.column+" "+tt.value, func(t *testing.T) {
			cells := fullCells()
			cells[tt.column] = tt.value

			_, err := mapUser(testRow(cells))

			var cellErr *cellError
			require.ErrorAs(t, err, &cellErr)
			assert.Equal(t, tt.column, cellErr.Column)
			assert.True(t, errors.Is(err, tt.want), "error %q does not wrap %q", err, tt.want)
			assert.NotContains(t, err.Error(), tt.value, "the error must not contain the cell's value")
		})
	}
}
