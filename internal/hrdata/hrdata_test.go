package hrdata

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func collectWorkers(seed int64, n int) []Worker {
	return slices.Collect(Workers(seed, n))
}

func TestWorkersSameSeedSameRecords(t *testing.T) {
	first := collectWorkers(42, 300)
	second := collectWorkers(42, 300)

	require.Len(t, first, 300)
	assert.Equal(t, first, second)
}

func TestWorkersOtherSeedOtherRecords(t *testing.T) {
	a := collectWorkers(1, 50)
	b := collectWorkers(2, 50)

	assert.NotEqual(t, a, b)
}

func TestWorkersShorterRunIsPrefix(t *testing.T) {
	long := collectWorkers(7, 200)
	short := collectWorkers(7, 20)

	assert.Equal(t, long[:20], short)
}

func TestWorkersZeroOrNegativeCount(t *testing.T) {
	assert.Empty(t, collectWorkers(1, 0))
	assert.Empty(t, collectWorkers(1, -5))
}

func TestWorkersStopEarly(t *testing.T) {
	count := 0
	for range Workers(1, 1000) {
		count++
		if count == 3 {
			break
		}
	}
	assert.Equal(t, 3, count)
}

func TestWorkersManagersComeEarlier(t *testing.T) {
	workers := collectWorkers(3, 2000)
	position := make(map[string]int, len(workers))
	for i, w := range workers {
		position[w.WorkerID] = i
	}

	assert.Empty(t, workers[0].ManagerID, "first worker is the top manager")
	for i, w := range workers[1:] {
		managerAt, ok := position[w.ManagerID]
		require.True(t, ok, "worker %s: manager %q is not a generated worker", w.WorkerID, w.ManagerID)
		assert.Less(t, managerAt, i+1, "worker %s: manager comes later", w.WorkerID)
	}
}

func TestWorkersIDsUnique(t *testing.T) {
	workerIDs := make(map[string]bool)
	userIDs := make(map[string]bool)
	for _, w := range collectWorkers(5, 5000) {
		assert.False(t, workerIDs[w.WorkerID], "WorkerID %s repeats", w.WorkerID)
		assert.False(t, userIDs[w.UserID], "UserID %s repeats", w.UserID)
		workerIDs[w.WorkerID] = true
		userIDs[w.UserID] = true
	}
}

// Entra rejects a userPrincipalName with diacritics or more than 64 characters before
// the @, and an employeeId of more than 16 characters.
func TestWorkersIDsFitEntraLimits(t *testing.T) {
	for _, w := range collectWorkers(5, 2000) {
		local, _, found := strings.Cut(w.UserID, "@")
		require.True(t, found, "UserID of %s has no @", w.WorkerID)
		assert.LessOrEqual(t, len(local), 64, "UserID of %s", w.WorkerID)
		assert.Equal(t, len(w.UserID), utf8.RuneCountInString(w.UserID), "UserID of %s is not ASCII", w.WorkerID)
		assert.NotContains(t, w.UserID, "'", "UserID of %s", w.WorkerID)
		assert.LessOrEqual(t, len(w.WorkerID), 16)
	}
}

func TestWorkersHaveDiacriticsAndQuoting(t *testing.T) {
	var diacritics, apostrophes, commas, quotes, preferred, noPhone int
	for _, w := range collectWorkers(9, 1000) {
		name := w.FirstName + w.LastName
		if utf8.RuneCountInString(name) != len(name) {
			diacritics++
		}
		if strings.Contains(name, "'") {
			apostrophes++
		}
		if strings.Contains(w.Department+w.JobTitle+w.WorkStreet, ",") {
			commas++
		}
		if strings.Contains(w.JobTitle, `"`) {
			quotes++
		}
		if w.PreferredName != "" {
			preferred++
		}
		if w.WorkPhone == "" {
			noPhone++
		}
	}

	assert.Positive(t, diacritics)
	assert.Positive(t, apostrophes)
	assert.Positive(t, commas)
	assert.Positive(t, quotes)
	assert.Positive(t, preferred)
	assert.Positive(t, noPhone)
}

func TestWorkersHireDatesValid(t *testing.T) {
	for _, w := range collectWorkers(11, 1000) {
		hired, err := time.Parse(time.DateOnly, w.HireDate)
		require.NoError(t, err, "worker %s", w.WorkerID)
		assert.False(t, hired.Before(firstHireDate), "worker %s", w.WorkerID)
		assert.LessOrEqual(t, hired.Year(), 2025, "worker %s", w.WorkerID)
	}
}

func TestRecordMatchesColumns(t *testing.T) {
	w := collectWorkers(1, 1)[0]

	record := w.Record()

	require.Len(t, record, len(Columns()))
	assert.Equal(t, w.WorkerID, record[slices.Index(Columns(), "WorkerID")])
	assert.Equal(t, w.HireDate, record[slices.Index(Columns(), "HireDate")])
	assert.Equal(t, w.WorkCountry, record[slices.Index(Columns(), "WorkCountry")])
}

func TestWriteCSVRows(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, 4, 100))

	rows, err := csv.NewReader(&buf).ReadAll()

	require.NoError(t, err)
	require.Len(t, rows, 101)
	assert.Equal(t, Columns(), rows[0])
	for i, w := range collectWorkers(4, 100) {
		assert.Equal(t, w.Record(), rows[i+1], "row %d", i+1)
	}
}

func TestWriteCSVNoByteOrderMark(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, 1, 1))

	assert.True(t, strings.HasPrefix(buf.String(), "WorkerID,"))
}

func TestWriteCSVZeroWorkers(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, 1, 0))

	assert.Equal(t, strings.Join(Columns(), ",")+"\n", buf.String())
}

func TestUserMapping(t *testing.T) {
	w := Worker{
		WorkerID: "W0000002", WorkerStatus: "Terminated", FirstName: "Zoë", LastName: "O'Brien",
		PreferredName: "Jo", UserID: "zoe.obrien.2@example.com", Email: "jo.obrien.2@example.com",
		ManagerID: "W0000001", Department: "Sales, Americas", CostCenter: "CC-503",
		JobTitle: "Team Lead", EmployeeType: "Contractor", HireDate: "2019-07-01",
		WorkPhone: "+44 20 7946 0142", WorkStreet: "Unit 4, 12 Harbour Road", WorkCity: "London",
		WorkPostalCode: "E14 9XX", WorkCountry: "GB",
	}

	u := w.User()

	assert.Equal(t, "W0000002", u.ExternalID)
	assert.Equal(t, "Zoë", *u.Name.GivenName)
	assert.Equal(t, "O'Brien", *u.Name.FamilyName)
	assert.Equal(t, "Jo O'Brien", *u.DisplayName)
	assert.Equal(t, "Jo", *u.NickName)
	assert.False(t, *u.Active)
	assert.Equal(t, "W0000001", u.Enterprise.Manager.Value)
	assert.Equal(t, "2019-07-01T00:00:00Z", u.Extensions[ExtensionURN][AttributeHireDate].Str())
	require.Len(t, u.PhoneNumbers, 1)
	assert.Equal(t, "work", u.PhoneNumbers[0].Type)
}

func TestUserBlankCellsLeftOut(t *testing.T) {
	w := Worker{WorkerID: "W0000001", WorkerStatus: "Active", FirstName: "Ngozi", LastName: "Adeyemi",
		UserID: "ngozi.adeyemi.1@example.com"}

	u := w.User()

	assert.True(t, *u.Active)
	assert.Nil(t, u.NickName)
	assert.Nil(t, u.Title)
	assert.Nil(t, u.Emails)
	assert.Nil(t, u.PhoneNumbers)
	assert.Nil(t, u.Addresses)
	assert.Nil(t, u.Enterprise.Manager)
	assert.Nil(t, u.Extensions)
}
