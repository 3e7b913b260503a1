package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

// smallCSV has diacritics, apostrophes and hyphens in names, a quoted comma, a blank
// phone, a blank preferred name and every status class.
const smallCSV = `WorkerID,WorkerStatus,FirstName,LastName,PreferredName,UserID,Email,ManagerID,Department,CostCenter,JobTitle,EmployeeType,HireDate,WorkPhone,WorkStreet,WorkCity,WorkPostalCode,WorkCountry
T100,Active,Ngozi,Adeyemi,,ngozi.adeyemi@example.com,ngozi.adeyemi@example.com,,Executive,CC-100,Chief Executive Officer,Employee,2012-04-02,+234 1 700 0101,7 Marina Crescent,Lagos,101001,NG
T101,Leave,Zoë,O'Connor-Łukasiewicz,Zo,zoe.oconnor@example.com,zo.oconnor@example.com,T100,"Research, Development",CC-700,"Director, Research",Employee,2015-01-12,,"Unit 4, 12 Harbour Road",London,E14 9XX,GB
T102,Terminated,José,Martín Ibáñez,,jose.martin@example.com,jose.martin@example.com,T101,People,CC-400,Recruiter,Contractor,2016-06-01,+34 910 000 101,Calle del Ejemplo 23,Madrid,28013,ES
T103,inactive,Søren,Østergaard,,soren.ostergaard@example.com,soren.ostergaard@example.com,T100,Finance,CC-200,Accountant,Employee,2014-09-15,+45 70 10 20 01,Eksempelvej 5,København,1050,DK
T104,On Leave,Ngozi,D'Souza-Okafor,,ngozi.dsouza@example.com,ngozi.dsouza@example.com,T101,Engineering,CC-300,Software Engineer,Intern,2025-09-01,+1 206 555 0104,1200 Sample Avenue,Seattle,98101,US
`

// wantActive is the status table of the mapping, written out again so that the test does
// not read it from the code under test.
var wantActive = map[string]bool{
	"active": true, "leave": true, "on leave": true, "inactive": false, "terminated": false,
}

// parseRows parses text with encoding/csv into one map per row, keyed by column.
func parseRows(t *testing.T, text string) []map[string]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, records)

	header := records[0]
	rows := make([]map[string]string, 0, len(records)-1)
	for _, record := range records[1:] {
		r := make(map[string]string, len(header))
		for i, column := range header {
			r[column] = record[i]
		}
		rows = append(rows, r)
	}
	return rows
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "workers.csv")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// testRun is the outcome of one run against a simulator.
type testRun struct {
	result         result
	err            error
	exit           int
	stdout, stderr string
}

func newServer(t *testing.T, opts *bulkuploadtest.Options) *bulkuploadtest.Server {
	t.Helper()
	srv := bulkuploadtest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// runAgainst runs cfg against srv with millisecond backoff, and concludes the run as
// main does.
func runAgainst(t *testing.T, srv *bulkuploadtest.Server, cfg config) testRun {
	t.Helper()
	return runAgainstContext(context.Background(), t, srv, cfg)
}

func runAgainstContext(ctx context.Context, t *testing.T, srv *bulkuploadtest.Server, cfg config) testRun {
	t.Helper()
	cfg.endpoint = srv.Endpoint
	cfg.credential = srv.Credential()
	if cfg.clientOptions == nil {
		cfg.clientOptions = srv.ClientOptions()
	}
	if cfg.batchSize == 0 {
		cfg.batchSize = 50
	}
	if cfg.backoffBase == 0 {
		cfg.backoffBase, cfg.backoffMax = time.Millisecond, 10*time.Millisecond
	}

	var stdout, stderr bytes.Buffer
	res, err := run(ctx, cfg, &stdout, &stderr)
	exit := conclude(&stderr, res, err)
	return testRun{result: res, err: err, exit: exit, stdout: stdout.String(), stderr: stderr.String()}
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// assertDelivered checks that the simulator received each row exactly once, and each
// user against the row it came from. Requests run concurrently, so users arrive in any
// order.
func assertDelivered(t *testing.T, rows []map[string]string, users []*scim.User) {
	t.Helper()
	require.Len(t, users, len(rows))
	byID := make(map[string]*scim.User, len(users))
	for _, u := range users {
		byID[u.ExternalID] = u
	}

	for i, want := range rows {
		id := want["WorkerID"]
		u, ok := byID[id]
		require.True(t, ok, "row %d (externalId %s) was not delivered", i+1, id)

		assert.Equal(t, want["UserID"], deref(u.UserName), id)
		require.NotNil(t, u.Name, id)
		assert.Equal(t, []byte(want["FirstName"]), []byte(deref(u.Name.GivenName)), id)
		assert.Equal(t, []byte(want["LastName"]), []byte(deref(u.Name.FamilyName)), id)
		assert.Equal(t, want["JobTitle"], deref(u.Title), id)
		assert.Equal(t, want["EmployeeType"], deref(u.UserType), id)

		first := want["FirstName"]
		if want["PreferredName"] != "" {
			first = want["PreferredName"]
			assert.Equal(t, want["PreferredName"], deref(u.NickName), id)
		} else {
			assert.Nil(t, u.NickName, id)
		}
		assert.Equal(t, first+" "+want["LastName"], deref(u.DisplayName), id)

		active, known := wantActive[strings.ToLower(want["WorkerStatus"])]
		require.True(t, known, "test table lacks status of %s", id)
		require.NotNil(t, u.Active, id)
		assert.Equal(t, active, *u.Active, id)

		require.Len(t, u.Emails, 1, id)
		assert.Equal(t, scim.Email{Value: want["Email"], Type: "work", Primary: true}, u.Emails[0], id)

		if want["WorkPhone"] == "" {
			assert.Nil(t, u.PhoneNumbers, id)
		} else {
			require.Len(t, u.PhoneNumbers, 1, id)
			assert.Equal(t, want["WorkPhone"], u.PhoneNumbers[0].Value, id)
			assert.Equal(t, "work", u.PhoneNumbers[0].Type, id)
		}

		require.Len(t, u.Addresses, 1, id)
		assert.Equal(t, "work", u.Addresses[0].Type, id)
		assert.Equal(t, want["WorkStreet"], u.Addresses[0].StreetAddress, id)
		assert.Equal(t, []byte(want["WorkCity"]), []byte(u.Addresses[0].Locality), id)
		assert.Equal(t, want["WorkPostalCode"], u.Addresses[0].PostalCode, id)
		assert.Equal(t, want["WorkCountry"], u.Addresses[0].Country, id)

		require.NotNil(t, u.Enterprise, id)
		assert.Equal(t, id, deref(u.Enterprise.EmployeeNumber), id)
		assert.Equal(t, want["Department"], deref(u.Enterprise.Department), id)
		assert.Equal(t, want["CostCenter"], deref(u.Enterprise.CostCenter), id)
		if want["ManagerID"] == "" {
			assert.Nil(t, u.Enterprise.Manager, id)
		} else {
			require.NotNil(t, u.Enterprise.Manager, id)
			assert.Equal(t, want["ManagerID"], u.Enterprise.Manager.Value, id)
		}

		hireDate, ok := u.Extensions["urn:ietf:params:scim:schemas:extension:inbound:1.0:User"]["hireDate"]
		require.True(t, ok, "%s has no hireDate", id)
		assert.Equal(t, want["HireDate"]+"T00:00:00Z", hireDate.Str(), id)
	}
}

func TestRunDeliversEveryRow(t *testing.T) {
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, smallCSV), batchSize: 2})

	require.NoError(t, res.err)
	assert.Equal(t, exitOK, res.exit)
	assertDelivered(t, parseRows(t, smallCSV), srv.Users())
	assert.Equal(t, 5, res.result.Read)
	assert.Equal(t, 5, res.result.Sent)
	assert.Equal(t, 0, res.result.Rejected)
	assert.Equal(t, 3, res.result.Requests)
	assert.Equal(t, 3, srv.Stats().Accepted)
	assert.NotEmpty(t, res.result.Location)
	assert.Contains(t, res.stdout, "request 3: 1 operation from line 6, 202 Accepted, request-id ")
	assert.Contains(t, res.stdout, "Location: "+res.result.Location)
	assert.Contains(t, res.stdout, "records   5 read: 5 sent, 0 rejected, 0 failed, 0 skipped")
	assert.Contains(t, res.stdout, "requests  3 accepted, 0 failed, 0 skipped")
	assert.Contains(t, res.stdout, "calls     3 made, 0 retries, 0 throttled (HTTP 429)")
	assert.Empty(t, res.stderr)
}

func TestRunDeliversEmbeddedSample(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join("testdata", "workers.csv"))
	require.NoError(t, err)
	require.Equal(t, sample, sampleCSV, "the embedded sample must be testdata/workers.csv")
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{})

	require.NoError(t, res.err)
	assert.Equal(t, exitOK, res.exit)
	rows := parseRows(t, string(sample))
	assert.GreaterOrEqual(t, len(rows), 20)
	assertDelivered(t, rows, srv.Users())
	assert.Equal(t, 1, res.result.Requests)
}

func TestRunRejectsBadRowAndSendsOthers(t *testing.T) {
	lines := strings.Split(smallCSV, "\n")
	lines[3] = "T102,Terminated,José,Martín Ibáñez,jose.martin@example.com" // line 4: too few fields
	text := strings.Join(lines, "\n")
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, text)})

	require.NoError(t, res.err)
	assert.Equal(t, exitRejected, res.exit)
	assert.Equal(t, []string{"T100", "T101", "T103", "T104"}, srv.ExternalIDs())
	assert.Equal(t, 5, res.result.Read)
	assert.Equal(t, 4, res.result.Sent)
	assert.Equal(t, 1, res.result.Rejected)
	assert.Contains(t, res.stderr, "rejected line 4: wrong number of fields")
	assert.Contains(t, res.stderr, "csvupload: 1 row was rejected")
	assert.NotContains(t, res.stderr, "José", "rejections must not print personal data")
	assert.Contains(t, res.stdout, "1 rejected")
}

func TestRunRejectsValidationError(t *testing.T) {
	text := strings.Replace(smallCSV, "T103,inactive,Søren,Østergaard,,soren.ostergaard@example.com,soren.ostergaard@example.com,T100,",
		"T103,inactive,Søren,Østergaard,,soren.ostergaard@example.com,soren.ostergaard@example.com,T103,", 1)
	require.NotEqual(t, smallCSV, text)
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, text)})

	require.NoError(t, res.err)
	assert.Equal(t, exitRejected, res.exit)
	assert.Equal(t, []string{"T100", "T101", "T102", "T104"}, srv.ExternalIDs())
	assert.Equal(t, 1, res.result.Rejected)
	assert.Contains(t, res.stderr, "rejected line 5 (externalId T103): ")
	assert.Contains(t, res.stderr, string(scim.RuleManagerSelf))
}

func TestRunSendsRowWithWarning(t *testing.T) {
	text := strings.Replace(smallCSV, "T101,Leave,Zoë,O'Connor-Łukasiewicz,Zo,zoe.oconnor@example.com,",
		"T101,Leave,Zoë,O'Connor-Łukasiewicz,Zo,zoë.oconnor@example.com,", 1)
	require.NotEqual(t, smallCSV, text)
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, text)})

	require.NoError(t, res.err)
	assert.Equal(t, exitOK, res.exit)
	assert.Equal(t, 5, res.result.Sent)
	assert.Equal(t, 0, res.result.Rejected)
	assert.Equal(t, 1, res.result.Warned)
	assert.Contains(t, res.stderr, "warning line 3 (externalId T101): userName: warning "+string(scim.RuleUserNameCharacters))
	assert.NotContains(t, res.stderr, "zoë", "warnings must not print personal data")
}

func TestRunStrictRejectsRowWithWarning(t *testing.T) {
	text := strings.Replace(smallCSV, "T101,Leave,Zoë,O'Connor-Łukasiewicz,Zo,zoe.oconnor@example.com,",
		"T101,Leave,Zoë,O'Connor-Łukasiewicz,Zo,zoë.oconnor@example.com,", 1)
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, text), strict: true})

	require.NoError(t, res.err)
	assert.Equal(t, exitRejected, res.exit)
	assert.Equal(t, 4, res.result.Sent)
	assert.Equal(t, 1, res.result.Rejected)
	assert.Contains(t, res.stderr, "rejected line 3 (externalId T101): userName: error "+string(scim.RuleUserNameCharacters))
	assert.NotContains(t, srv.ExternalIDs(), "T101")
}

func TestRunUnreadableFile(t *testing.T) {
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: t.TempDir()})

	require.Error(t, res.err, "reading a directory fails")
	assert.Equal(t, exitFailed, res.exit)
	assert.Equal(t, 0, srv.Stats().Calls)
}

func TestUploadStopsAtReadFailure(t *testing.T) {
	failure := errors.New("injected read failure")
	reader, err := newCSVReader(io.MultiReader(strings.NewReader(smallCSV), iotest.ErrReader(failure)))
	require.NoError(t, err)
	validator, err := scim.NewValidator(nil)
	require.NoError(t, err)
	srv := newServer(t, nil)
	cfg := config{endpoint: srv.Endpoint, credential: srv.Credential(), clientOptions: srv.ClientOptions(), batchSize: 2}
	var stdout, stderr bytes.Buffer

	res, err := upload(context.Background(), cfg, "workers.csv", reader, validator, newConsole(&stdout, &stderr))
	exit := conclude(&stderr, res, err)

	require.ErrorIs(t, err, failure)
	assert.Equal(t, exitFailed, exit)
	assert.NotContains(t, srv.ExternalIDs(), "T104", "the short last request is not sent after a failed read")
	assert.Equal(t, 5, res.Read)
	assert.Equal(t, 5, res.Sent+res.Failed)
	assert.Equal(t, res.Sent, len(srv.ExternalIDs()))
	assert.Contains(t, stderr.String(), "csvupload: workers.csv: read CSV after 5 rows: injected read failure")
	assert.Contains(t, stdout.String(), "summary:")
}

func TestRunMissingColumnNamesIt(t *testing.T) {
	text := strings.Replace(smallCSV, "WorkerStatus,", "Status,", 1)
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, text)})

	var headerErr *headerError
	require.ErrorAs(t, res.err, &headerErr)
	assert.Equal(t, []string{"WorkerStatus"}, headerErr.Missing)
	assert.Contains(t, res.err.Error(), "missing required column WorkerStatus")
	assert.Equal(t, 0, srv.Stats().Calls)
}

func TestRunMissingFile(t *testing.T) {
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: filepath.Join(t.TempDir(), "absent.csv")})

	assert.ErrorIs(t, res.err, os.ErrNotExist)
	assert.Equal(t, exitFailed, res.exit)
	assert.Equal(t, 0, srv.Stats().Calls)
}

func TestRunDryRunSendsNothing(t *testing.T) {
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, smallCSV), batchSize: 2, dryRun: true})

	require.NoError(t, res.err)
	assert.Equal(t, exitOK, res.exit)
	assert.Equal(t, 0, srv.Stats().Calls)
	assert.Equal(t, 5, res.result.Sent)
	assert.Equal(t, 3, res.result.Requests)
	assert.Contains(t, res.stderr, "request 1: 2 operations, not sent (dry run)")
	assert.Contains(t, res.stderr, "nothing sent")

	var ids []string
	decoder := json.NewDecoder(strings.NewReader(res.stdout))
	for {
		var raw json.RawMessage
		err := decoder.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "stdout must be a stream of JSON documents")

		var req scim.BulkRequest
		require.NoError(t, json.Unmarshal(raw, &req))
		assert.NotEmpty(t, req.Operations)
		for _, op := range req.Operations {
			assert.Equal(t, "POST", op.Method)
			assert.Equal(t, "/Users", op.Path)
			ids = append(ids, op.Data.ExternalID)
		}
	}
	assert.Equal(t, []string{"T100", "T101", "T102", "T103", "T104"}, ids)
}

func TestRunDryRunRejectsLikeUpload(t *testing.T) {
	text := strings.Replace(smallCSV, ",T100,Finance,", ",T103,Finance,", 1) // T103 becomes its own manager
	require.NotEqual(t, smallCSV, text)

	res := runAgainst(t, newServer(t, nil), config{csvPath: writeFile(t, text), dryRun: true})

	require.NoError(t, res.err)
	assert.Equal(t, exitRejected, res.exit)
	assert.Equal(t, 4, res.result.Sent)
	assert.Contains(t, res.stderr, "rejected line 5 (externalId T103): ")
}

func TestRunDryRunRejectsInvalidEndpoint(t *testing.T) {
	var stdout, stderr bytes.Buffer

	_, err := run(context.Background(), config{endpoint: "https://example.com/bulkUpload", batchSize: 50, dryRun: true},
		&stdout, &stderr)

	assert.Error(t, err)
	assert.Empty(t, stdout.String())
}

func TestRunStopsAtForbidden(t *testing.T) {
	srv := newServer(t, &bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{2: {Kind: bulkuploadtest.FaultForbidden}},
	})

	res := runAgainst(t, srv, config{csvPath: writeFile(t, smallCSV), batchSize: 2, concurrency: 1})

	var stop *bulkupload.StopError
	require.ErrorAs(t, res.err, &stop)
	var respErr *azcore.ResponseError
	require.ErrorAs(t, res.err, &respErr)
	assert.Equal(t, 403, respErr.StatusCode)
	assert.Equal(t, exitFailed, res.exit)

	assert.Equal(t, []string{"T100", "T101"}, srv.ExternalIDs())
	assert.Equal(t, 2, srv.Stats().Calls, "nothing is sent after the 403")
	assert.Equal(t, 2, res.result.Sent)
	assert.Equal(t, 3, res.result.Failed)
	assert.Equal(t, 1, res.result.Requests)
	assert.Contains(t, res.stderr, "request 2: 2 operations from line 4 failed after 1 attempt: HTTP 403 Forbidden, code Authorization_RequestDenied: ")
	assert.Contains(t, res.stderr, "request 3: 1 operation from line 6 not sent: the run stopped")
	assert.Contains(t, res.stderr, "csvupload: the run stopped because every request would fail alike: HTTP 403 Forbidden")
	assert.Contains(t, res.stderr, "csvupload: to fix it, grant the app the application permission SynchronizationData-User.Upload")
	assert.Contains(t, res.stderr, "This run kept no journal")
	assert.Contains(t, res.stdout, "summary:")
}

func TestRunReportsFailedRequest(t *testing.T) {
	faults := map[int]bulkuploadtest.Fault{}
	for call := 1; call <= 1+bulkupload.DefaultUploaderMaxRetries; call++ {
		faults[call] = bulkuploadtest.Fault{Kind: bulkuploadtest.FaultServiceUnavailable}
	}
	srv := newServer(t, &bulkuploadtest.Options{Faults: faults})

	res := runAgainst(t, srv, config{csvPath: writeFile(t, smallCSV), batchSize: 2, concurrency: 1})

	require.NoError(t, res.err, "a failed request does not stop the run")
	assert.Equal(t, exitFailed, res.exit)
	assert.Equal(t, 2, res.result.Failed)
	assert.Equal(t, 3, res.result.Sent)
	assert.Equal(t, []string{"T102", "T103", "T104"}, srv.ExternalIDs())
	assert.Contains(t, res.stderr, "request 1: 2 operations from line 2 failed after 9 attempts: HTTP 503 Service Unavailable, code ServiceUnavailable: ")
	assert.Contains(t, res.stderr, "(request-id ")
	assert.Contains(t, res.stderr, "csvupload: 2 records in 1 request failed")
	assert.Contains(t, res.stderr, "csvupload: 2 records were not sent")
}

func TestRunCanceled(t *testing.T) {
	srv := newServer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	res := runAgainstContext(ctx, t, srv, config{csvPath: writeFile(t, smallCSV)})

	assert.ErrorIs(t, res.err, context.Canceled)
	assert.Equal(t, exitInterrupted, res.exit)
	assert.Equal(t, 0, srv.Stats().Calls)
	assert.Contains(t, res.stderr, "csvupload: interrupted")
}

func TestRunRetriesThrottledRequest(t *testing.T) {
	srv := newServer(t, &bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultThrottledMillis, RetryAfter: 20 * time.Millisecond}},
	})

	res := runAgainst(t, srv, config{csvPath: writeFile(t, smallCSV), concurrency: 1})

	require.NoError(t, res.err)
	assert.Equal(t, exitOK, res.exit)
	assert.Equal(t, 5, res.result.Sent)
	assert.Equal(t, 1, res.result.Retries)
	assert.Equal(t, 1, res.result.Throttled)
	assert.Contains(t, res.stderr, "request 1: attempt 1 failed with HTTP 429 Too Many Requests (throttled); every request waits 20ms")
	assert.Contains(t, res.stdout, "request 1: 5 operations from line 2, 202 Accepted, request-id ")
	assert.Contains(t, res.stdout, ", after 2 attempts")
	assert.Contains(t, res.stdout, "1 retry, 1 throttled (HTTP 429)")
}

func TestRunRetriesTransientFailure(t *testing.T) {
	srv := newServer(t, &bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultBadGateway}},
	})

	res := runAgainst(t, srv, config{csvPath: writeFile(t, smallCSV), concurrency: 1})

	require.NoError(t, res.err)
	assert.Equal(t, 5, res.result.Sent)
	assert.Regexp(t, `request 1: attempt 1 failed with HTTP 502 Bad Gateway \(transient failure\); retrying in \d+(\.\d+)?ms`, res.stderr)
}

func TestRunStopsAtDailyBudget(t *testing.T) {
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{batchSize: 5, concurrency: 1, dailyBudget: 2})

	var quota *bulkupload.QuotaError
	require.ErrorAs(t, res.err, &quota)
	assert.Equal(t, exitFailed, res.exit)
	assert.Equal(t, 2, srv.Stats().Calls)
	assert.Equal(t, 10, res.result.Sent)
	assert.Contains(t, res.stderr, "csvupload: the run stopped at its -daily-budget of 2 calls: 2 were made in the last 24 hours")
	assert.Contains(t, res.stderr, "csvupload: the next call fits the budget at ")
}

func TestRunLimitsRejectedRowLines(t *testing.T) {
	header := strings.Split(smallCSV, "\n")[0]
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := range maxReportedRows + 50 {
		fmt.Fprintf(&b, "T%d,Contractor\n", 1000+i) // too few fields
	}
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, b.String())})

	require.NoError(t, res.err)
	assert.Equal(t, maxReportedRows+50, res.result.Rejected)
	assert.Equal(t, maxReportedRows, strings.Count(res.stderr, "rejected line"))
	assert.Equal(t, 1, strings.Count(res.stderr, "only the first 200 are described"))
}
