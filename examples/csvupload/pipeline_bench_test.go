package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/inbound-go/inbound/internal/hrdata"
	"github.com/inbound-go/inbound/scim"
)

// pipelineRows is the number of distinct rows the pipeline benchmarks cycle through.
const pipelineRows = 10_000

func pipelineCSV(b *testing.B) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := hrdata.WriteCSV(&buf, 3, pipelineRows); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRowToOperation measures one CSV row through to the JSON bytes of its bulk
// operation as a run does it: parse, map, validate and encode. Each iteration is one
// record; the benchmark cycles through pipelineRows generated rows.
func BenchmarkRowToOperation(b *testing.B) {
	data := pipelineCSV(b)
	validator, err := scim.NewValidator(&scim.ValidatorOptions{
		// A run checks each externalId against the run's earlier ones; the cycled rows
		// repeat every pipelineRows records, which would make every later one a warning.
		Disabled: []scim.Rule{scim.RuleExternalIDDuplicateInRun},
	})
	if err != nil {
		b.Fatal(err)
	}

	var body []byte
	position := 0
	b.ReportAllocs()
	b.ResetTimer()
	for position < b.N {
		reader, err := newCSVReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for u, err := range reader.users() {
			if err != nil {
				b.Fatal(err)
			}
			if problems := validator.ValidateUser(position, u); problems.HasErrors() {
				b.Fatalf("record %d rejected: %v", position, problems)
			}
			op := scim.NewOperation("run-"+strconv.Itoa(position), u)
			if body, err = op.AppendJSON(body[:0]); err != nil {
				b.Fatal(err)
			}

			position++
			if position == b.N {
				break
			}
		}
	}
}

// BenchmarkRowToOperationBaseline does the same work the way a hand-written program
// would: encoding/csv, a map[string]any per record, and encoding/json. It does not
// validate.
func BenchmarkRowToOperationBaseline(b *testing.B) {
	data := pipelineCSV(b)

	position := 0
	b.ReportAllocs()
	b.ResetTimer()
	for position < b.N {
		reader := csv.NewReader(bytes.NewReader(data))
		header, err := reader.Read()
		if err != nil {
			b.Fatal(err)
		}
		index := map[string]int{}
		for i, name := range header {
			index[name] = i
		}

		for {
			record, err := reader.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			op := map[string]any{
				"method": "POST",
				"bulkId": "run-" + strconv.Itoa(position),
				"path":   "/Users",
				"data":   baselineUser(record, index),
			}
			if _, err := json.Marshal(op); err != nil {
				b.Fatal(err)
			}

			position++
			if position == b.N {
				break
			}
		}
	}
}

// baselineUser maps a row the way mapUser does, into generic maps.
func baselineUser(record []string, index map[string]int) map[string]any {
	get := func(column string) string { return strings.TrimSpace(record[index[column]]) }
	setIf := func(m map[string]any, key, value string) {
		if value != "" {
			m[key] = value
		}
	}

	given, family, preferred := get("FirstName"), get("LastName"), get("PreferredName")
	display := given
	if preferred != "" {
		display = preferred
	}
	user := map[string]any{
		"schemas":     []any{scim.SchemaCoreUser, scim.SchemaEnterpriseUser, hrdata.ExtensionURN},
		"externalId":  get("WorkerID"),
		"userName":    get("UserID"),
		"name":        map[string]any{"givenName": given, "familyName": family},
		"displayName": display + " " + family,
		"active":      strings.EqualFold(get("WorkerStatus"), "active") || strings.Contains(strings.ToLower(get("WorkerStatus")), "leave"),
	}
	setIf(user, "nickName", preferred)
	setIf(user, "title", get("JobTitle"))
	setIf(user, "userType", get("EmployeeType"))

	if email := get("Email"); email != "" {
		user["emails"] = []any{map[string]any{"value": email, "type": "work", "primary": true}}
	}
	if phone := get("WorkPhone"); phone != "" {
		user["phoneNumbers"] = []any{map[string]any{"value": phone, "type": "work", "primary": true}}
	}
	address := map[string]any{"type": "work", "primary": true}
	setIf(address, "streetAddress", get("WorkStreet"))
	setIf(address, "locality", get("WorkCity"))
	setIf(address, "postalCode", get("WorkPostalCode"))
	setIf(address, "country", get("WorkCountry"))
	user["addresses"] = []any{address}

	enterprise := map[string]any{"employeeNumber": get("WorkerID")}
	setIf(enterprise, "department", get("Department"))
	setIf(enterprise, "costCenter", get("CostCenter"))
	if manager := get("ManagerID"); manager != "" {
		enterprise["manager"] = map[string]any{"value": manager}
	}
	user[scim.SchemaEnterpriseUser] = enterprise

	if hired, err := time.Parse(time.DateOnly, get("HireDate")); err == nil {
		user[hrdata.ExtensionURN] = map[string]any{hrdata.AttributeHireDate: hired.Format(time.RFC3339)}
	}
	return user
}
