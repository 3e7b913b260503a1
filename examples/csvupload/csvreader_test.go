package main

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/scim"
)

const minimalHeader = "WorkerID,WorkerStatus,FirstName,LastName,UserID\n"

// readResult is what one pass of csvReader.users yielded.
type readResult struct {
	users     []*scim.User
	rowErrors []*rowError
	err       error
}

func readAll(t *testing.T, text string) readResult {
	t.Helper()
	reader, err := newCSVReader(strings.NewReader(text))
	require.NoError(t, err)
	return drain(reader)
}

func drain(reader *csvReader) readResult {
	var res readResult
	for u, err := range reader.users() {
		var rowErr *rowError
		switch {
		case errors.As(err, &rowErr):
			res.rowErrors = append(res.rowErrors, rowErr)
		case err != nil:
			res.err = err
		default:
			res.users = append(res.users, u)
		}
	}
	return res
}

func externalIDs(users []*scim.User) []string {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ExternalID
	}
	return ids
}

func TestReaderByteOrderMark(t *testing.T) {
	res := readAll(t, "\uFEFF"+minimalHeader+"W1,Active,Zoë,Smith,zoe@example.com\n")

	require.Empty(t, res.rowErrors)
	require.Len(t, res.users, 1)
	assert.Equal(t, "W1", res.users[0].ExternalID)
	assert.Equal(t, "Zoë", *res.users[0].Name.GivenName)
}

func TestReaderHeaderByNameNotPosition(t *testing.T) {
	text := " userid ,LASTNAME,Badge Colour,FirstName,workerStatus,WorkerID\n" +
		"jose@example.com,Martín,blue,José,Leave,W7\n"

	reader, err := newCSVReader(strings.NewReader(text))
	require.NoError(t, err)
	res := drain(reader)

	assert.Equal(t, []string{"Badge Colour"}, reader.ignored)
	require.Len(t, res.users, 1)
	u := res.users[0]
	assert.Equal(t, "W7", u.ExternalID)
	assert.Equal(t, "jose@example.com", *u.UserName)
	assert.Equal(t, "José", *u.Name.GivenName)
	assert.Equal(t, "Martín", *u.Name.FamilyName)
	assert.True(t, *u.Active)
}

func TestReaderMissingRequiredColumn(t *testing.T) {
	_, err := newCSVReader(strings.NewReader("WorkerID,WorkerStatus,FirstName,LastName,Email\n"))

	var headerErr *headerError
	require.ErrorAs(t, err, &headerErr)
	assert.Equal(t, []string{colUserID}, headerErr.Missing)
	assert.Equal(t, "header: missing required column UserID", err.Error())
}

func TestReaderMissingSeveralColumns(t *testing.T) {
	_, err := newCSVReader(strings.NewReader("WorkerID,FirstName,LastName\n"))

	var headerErr *headerError
	require.ErrorAs(t, err, &headerErr)
	assert.Equal(t, []string{colWorkerStatus, colUserID}, headerErr.Missing)
	assert.Equal(t, "header: missing required columns WorkerStatus, UserID", err.Error())
}

func TestReaderDuplicatedColumn(t *testing.T) {
	_, err := newCSVReader(strings.NewReader("WorkerID,WorkerStatus,FirstName,LastName,UserID,workerid\n"))

	var headerErr *headerError
	require.ErrorAs(t, err, &headerErr)
	assert.Equal(t, []string{colWorkerID}, headerErr.Duplicated)
	assert.Equal(t, "header: column WorkerID appears more than once", err.Error())
}

func TestReaderEmptyFile(t *testing.T) {
	_, err := newCSVReader(strings.NewReader(""))

	assert.ErrorIs(t, err, errNoHeader)
}

func TestReaderWrongFieldCount(t *testing.T) {
	text := minimalHeader +
		"W1,Active,Ngozi,Adeyemi,ngozi@example.com\n" +
		"W2,Active,Søren,Østergaard\n" +
		"W3,Active,Zoë,Fairbanks,zoe@example.com,extra\n" +
		"W4,Inactive,Tomasz,Zieliński,tomasz@example.com\n"

	res := readAll(t, text)

	require.NoError(t, res.err)
	assert.Equal(t, []string{"W1", "W4"}, externalIDs(res.users))
	require.Len(t, res.rowErrors, 2)
	assert.Equal(t, 3, res.rowErrors[0].Line)
	assert.Equal(t, 4, res.rowErrors[1].Line)
	assert.ErrorIs(t, res.rowErrors[0], errFieldCount)
	assert.Equal(t, "line 3: wrong number of fields: got 4, expected 5 as in the header (is a comma in an unquoted field?)",
		res.rowErrors[0].Error())
	assert.NotContains(t, res.rowErrors[0].Error(), "Søren")
}

func TestReaderQuotedFieldsAndLineNumbers(t *testing.T) {
	text := "WorkerID,WorkerStatus,FirstName,LastName,UserID,JobTitle\n" +
		"W1,Active,Ngozi,Adeyemi,ngozi@example.com,\"Director, Finance\"\n" +
		"W2,Active,Siobhán,O'Connell,siobhan@example.com,\"Head of \"\"Blue Sky\"\"\nResearch\"\n" +
		"W3,Active,Ana-María,Sánchez-Ruiz,ana@example.com,Recruiter,extra\n"

	res := readAll(t, text)

	require.Len(t, res.users, 2)
	assert.Equal(t, "Director, Finance", *res.users[0].Title)
	assert.Equal(t, "Head of \"Blue Sky\"\nResearch", *res.users[1].Title)
	assert.Equal(t, "O'Connell", *res.users[1].Name.FamilyName)
	require.Len(t, res.rowErrors, 1)
	assert.Equal(t, 5, res.rowErrors[0].Line, "the quoted line break moves W3 to line 5")
}

func TestReaderUnclosedQuote(t *testing.T) {
	text := minimalHeader +
		"W1,Active,Ngozi,Adeyemi,ngozi@example.com\n" +
		"W2,Active,\"Søren,Østergaard,soren@example.com\n" +
		"W3,Active,Zoë,Fairbanks,zoe@example.com\n"

	res := readAll(t, text)

	assert.Equal(t, []string{"W1"}, externalIDs(res.users))
	require.Len(t, res.rowErrors, 1)
	assert.Equal(t, 3, res.rowErrors[0].Line)
	assert.Equal(t, 4, res.rowErrors[0].LastLine, "the open quote takes the rest of the file")
	assert.Contains(t, res.rowErrors[0].Error(), "lines 3-4")
	assert.NotContains(t, res.rowErrors[0].Error(), "Søren")
}

func TestReaderBareQuote(t *testing.T) {
	res := readAll(t, minimalHeader+
		"W1,Active,Ngozi \"Nne\",Adeyemi,ngozi@example.com\n"+
		"W2,Active,Zoë,Fairbanks,zoe@example.com\n")

	assert.Equal(t, []string{"W2"}, externalIDs(res.users))
	require.Len(t, res.rowErrors, 1)
	assert.Equal(t, 2, res.rowErrors[0].Line)
	assert.NotContains(t, res.rowErrors[0].Error(), "Nne")
}

func TestReaderInvalidUTF8(t *testing.T) {
	latin1 := "Zo\xeb" // "Zoë" in ISO 8859-1
	res := readAll(t, minimalHeader+
		"W1,Active,"+latin1+",Smith,zoe@example.com\n"+
		"W2,Active,Ngozi,Adeyemi,ngozi@example.com\n")

	assert.Equal(t, []string{"W2"}, externalIDs(res.users))
	require.Len(t, res.rowErrors, 1)
	assert.Equal(t, 2, res.rowErrors[0].Line)
	assert.Equal(t, "W1", res.rowErrors[0].ExternalID)
	assert.ErrorIs(t, res.rowErrors[0], errInvalidUTF8)
	assert.Contains(t, res.rowErrors[0].Error(), "column FirstName")
}

func TestReaderRowErrorNamesExternalID(t *testing.T) {
	res := readAll(t, minimalHeader+"W9,Suspended,Ngozi,Adeyemi,ngozi@example.com\n")

	require.Len(t, res.rowErrors, 1)
	assert.Equal(t, "line 2 (externalId W9): column WorkerStatus: "+errUnknownStatus.Error(), res.rowErrors[0].Error())
}

func TestReaderCountsRows(t *testing.T) {
	reader, err := newCSVReader(strings.NewReader(minimalHeader +
		"W1,Active,Ngozi,Adeyemi,ngozi@example.com\n" +
		"W2,Active,short\n" +
		"\n" +
		"W3,Active,Zoë,Fairbanks,zoe@example.com\n"))
	require.NoError(t, err)

	drain(reader)

	assert.Equal(t, 3, reader.rows, "blank lines are not rows")
}

func TestReaderReadFailureStops(t *testing.T) {
	failure := errors.New("injected read failure")
	source := io.MultiReader(
		strings.NewReader(minimalHeader+"W1,Active,Ngozi,Adeyemi,ngozi@example.com\n"),
		iotest.ErrReader(failure),
	)
	reader, err := newCSVReader(source)
	require.NoError(t, err)

	res := drain(reader)

	assert.Equal(t, []string{"W1"}, externalIDs(res.users))
	assert.ErrorIs(t, res.err, failure)
}

func TestReaderStopEarly(t *testing.T) {
	reader, err := newCSVReader(strings.NewReader(minimalHeader +
		"W1,Active,Ngozi,Adeyemi,ngozi@example.com\n" +
		"W2,Active,Zoë,Fairbanks,zoe@example.com\n"))
	require.NoError(t, err)

	for range reader.users() {
		break
	}

	assert.Equal(t, 1, reader.rows)
}
