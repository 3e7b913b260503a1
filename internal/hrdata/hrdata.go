// Package hrdata generates synthetic worker records, as an HR system would export them,
// for tests and benchmarks.
//
// The records are invented: names are random pairs from fixed lists, and addresses and
// phone numbers belong to made-up offices. Records are generated one at a time, so a
// benchmark can stream millions of them in constant memory. The same seed gives the same
// records, and record i does not depend on n, so a shorter run yields a prefix of a
// longer one.
//
// Every function is safe for concurrent use.
package hrdata

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// Columns returns the header row that [WriteCSV] writes. It is the header of the sample
// export of examples/csvupload.
func Columns() []string {
	return []string{
		"WorkerID", "WorkerStatus", "FirstName", "LastName", "PreferredName", "UserID",
		"Email", "ManagerID", "Department", "CostCenter", "JobTitle", "EmployeeType",
		"HireDate", "WorkPhone", "WorkStreet", "WorkCity", "WorkPostalCode", "WorkCountry",
	}
}

// Worker is one row of an HR export, each field as the CSV file holds it. Empty fields
// are blank cells.
type Worker struct {
	WorkerID      string
	WorkerStatus  string
	FirstName     string
	LastName      string
	PreferredName string
	UserID        string
	Email         string

	// ManagerID is the WorkerID of an earlier worker, or empty for the first worker.
	ManagerID string

	Department   string
	CostCenter   string
	JobTitle     string
	EmployeeType string

	// HireDate is a date in YYYY-MM-DD form.
	HireDate string

	WorkPhone      string
	WorkStreet     string
	WorkCity       string
	WorkPostalCode string
	WorkCountry    string
}

// Record returns the worker's fields in the order of [Columns].
func (w *Worker) Record() []string {
	return []string{
		w.WorkerID, w.WorkerStatus, w.FirstName, w.LastName, w.PreferredName, w.UserID,
		w.Email, w.ManagerID, w.Department, w.CostCenter, w.JobTitle, w.EmployeeType,
		w.HireDate, w.WorkPhone, w.WorkStreet, w.WorkCity, w.WorkPostalCode, w.WorkCountry,
	}
}

// Workers returns n workers generated from seed. A negative n yields none.
func Workers(seed int64, n int) iter.Seq[Worker] {
	return func(yield func(Worker) bool) {
		// The second PCG word is fixed, so that seed alone picks the sequence.
		rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed_c0ffee))
		for i := range n {
			if !yield(newWorker(rng, i)) {
				return
			}
		}
	}
}

// Users returns the workers of [Workers] as SCIM users, mapped as [Worker.User] maps them.
func Users(seed int64, n int) iter.Seq[*scim.User] {
	return func(yield func(*scim.User) bool) {
		for w := range Workers(seed, n) {
			if !yield(w.User()) {
				return
			}
		}
	}
}

// WriteCSV writes a header row and the n workers of [Workers] to w as UTF-8 CSV without a
// byte order mark. It buffers at most a few kilobytes.
func WriteCSV(w io.Writer, seed int64, n int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns()); err != nil {
		return fmt.Errorf("write header: %w", err)
	}

	for worker := range Workers(seed, n) {
		if err := cw.Write(worker.Record()); err != nil {
			return fmt.Errorf("write worker %s: %w", worker.WorkerID, err)
		}
	}

	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("flush CSV: %w", err)
	}
	return nil
}

// workerID returns the ID of the worker at index i. Seven digits cover the million
// records of the benchmarks, and IDs stay within Entra's 16-character employeeId limit
// for fewer than 10^15 records.
func workerID(i int) string {
	return fmt.Sprintf("W%07d", i+1)
}

// Hire dates fall between these two days.
var (
	firstHireDate = time.Date(1990, time.January, 1, 0, 0, 0, 0, time.UTC)
	hireDateDays  = int(time.Date(2025, time.December, 31, 0, 0, 0, 0, time.UTC).Sub(firstHireDate).Hours() / 24)
)

// newWorker generates the worker at index i. It draws from rng in a fixed order, so
// changing that order changes every seed's records.
func newWorker(rng *rand.Rand, i int) Worker {
	givenName := givenNames[rng.IntN(len(givenNames))]
	familyName := familyNames[rng.IntN(len(familyNames))]
	workDepartment := departments[rng.IntN(len(departments))]
	workOffice := offices[rng.IntN(len(offices))]

	w := Worker{
		WorkerID:       workerID(i),
		WorkerStatus:   pickStatus(rng),
		FirstName:      givenName.text,
		LastName:       familyName.text,
		UserID:         fmt.Sprintf("%s.%s.%d@example.com", givenName.ascii, familyName.ascii, i+1),
		Department:     workDepartment.name,
		CostCenter:     fmt.Sprintf("CC-%d", workDepartment.costCenter+rng.IntN(10)),
		JobTitle:       jobTitles[rng.IntN(len(jobTitles))],
		EmployeeType:   pickEmployeeType(rng),
		HireDate:       firstHireDate.AddDate(0, 0, rng.IntN(hireDateDays+1)).Format(time.DateOnly),
		WorkStreet:     workOffice.street,
		WorkCity:       workOffice.city,
		WorkPostalCode: workOffice.postalCode,
		WorkCountry:    workOffice.country,
	}
	w.Email = w.UserID

	// Draws happen whether or not their result is used, so that each worker takes the
	// same number of draws.
	preferred := preferredNames[rng.IntN(len(preferredNames))]
	if rng.IntN(10) == 0 {
		w.PreferredName = preferred
		w.Email = fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(preferred), familyName.ascii, i+1)
	}

	phone := fmt.Sprintf(workOffice.phoneFormat, rng.IntN(100))
	if rng.IntN(10) != 0 {
		w.WorkPhone = phone
	}

	// The manager is one of the first i/8+1 workers, which for i > 0 all come before i,
	// so the service can resolve it when the records are sent in order.
	manager := rng.IntN(i/8 + 1)
	if i > 0 {
		w.ManagerID = workerID(manager)
	}
	return w
}

func pickStatus(rng *rand.Rand) string {
	switch n := rng.IntN(100); {
	case n < 85:
		return "Active"
	case n < 90:
		return "Leave"
	case n < 92:
		return "On Leave"
	case n < 97:
		return "Inactive"
	default:
		return "Terminated"
	}
}

func pickEmployeeType(rng *rand.Rand) string {
	switch n := rng.IntN(100); {
	case n < 85:
		return "Employee"
	case n < 95:
		return "Contractor"
	default:
		return "Intern"
	}
}
