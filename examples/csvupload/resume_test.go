package main

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
)

// sampleIDs returns the WorkerIDs of the embedded sample in file order.
func sampleIDs(t *testing.T) []string {
	t.Helper()
	var ids []string
	for _, row := range parseRows(t, string(sampleCSV)) {
		ids = append(ids, row["WorkerID"])
	}
	return ids
}

// assertDeliveredOnce checks that the servers together received every ID exactly once.
func assertDeliveredOnce(t *testing.T, want []string, servers ...*bulkuploadtest.Server) {
	t.Helper()
	var got []string
	for _, srv := range servers {
		got = append(got, srv.ExternalIDs()...)
	}
	assert.ElementsMatch(t, want, got, "every row reaches the service exactly once")
}

func TestRunResumesAfterForbidden(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "workers.journal")
	first := newServer(t, &bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{2: {Kind: bulkuploadtest.FaultForbidden}},
	})

	stopped := runAgainst(t, first, config{batchSize: 5, journal: journal})

	var stop *bulkupload.StopError
	require.ErrorAs(t, stopped.err, &stop)
	assert.Equal(t, exitFailed, stopped.exit)
	assert.Contains(t, stopped.stderr, "writing journal "+journal)
	assert.Contains(t, stopped.stderr, "to send the rest, run again with the same -csv and -resume "+journal)
	require.Less(t, stopped.result.Sent, 25)

	second := newServer(t, nil)
	resumed := runAgainst(t, second, config{batchSize: 5, journal: journal})

	require.NoError(t, resumed.err)
	assert.Equal(t, exitOK, resumed.exit)
	assert.Contains(t, resumed.stderr, "resuming from journal "+journal)
	assert.Equal(t, stopped.result.Sent, resumed.result.Skipped, "the rows accepted by the first run are skipped")
	assert.Equal(t, 25-stopped.result.Sent, resumed.result.Sent)
	assert.Contains(t, resumed.stdout, "skipped because the journal "+journal+" records them as accepted")
	assertDeliveredOnce(t, sampleIDs(t), first, second)
}

func TestRunResumesAfterInterrupt(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "workers.journal")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The simulator's latency hook interrupts the run while call 2 is in flight.
	var calls atomic.Int32
	first := newServer(t, &bulkuploadtest.Options{
		Latency: time.Millisecond,
		Sleep: func(context.Context, time.Duration) error {
			if calls.Add(1) == 2 {
				cancel()
			}
			return nil
		},
	})

	interrupted := runAgainstContext(ctx, t, first, config{batchSize: 5, concurrency: 1, journal: journal})

	require.ErrorIs(t, interrupted.err, context.Canceled)
	assert.Equal(t, exitInterrupted, interrupted.exit)
	assert.Equal(t, 10, interrupted.result.Sent, "the call in flight at the interrupt finishes")
	assert.Equal(t, sampleIDs(t)[:10], first.ExternalIDs())
	assert.Contains(t, interrupted.stderr, "interrupted: waiting for the requests in flight to finish")
	assert.Contains(t, interrupted.stderr, "csvupload: interrupted; the requests in flight finished first")
	assert.Contains(t, interrupted.stderr, "-resume "+journal)
	assert.Contains(t, interrupted.stdout, "summary:")

	second := newServer(t, nil)
	resumed := runAgainst(t, second, config{batchSize: 5, concurrency: 1, journal: journal})

	require.NoError(t, resumed.err)
	assert.Equal(t, 10, resumed.result.Skipped)
	assert.Equal(t, 15, resumed.result.Sent)
	assertDeliveredOnce(t, sampleIDs(t), first, second)
}

func TestRunResumeRejectsChangedFile(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "workers.journal")
	path := writeFile(t, smallCSV)
	srv := newServer(t, nil)
	done := runAgainst(t, srv, config{csvPath: path, batchSize: 2, journal: journal})
	require.NoError(t, done.err)

	changed := writeFile(t, strings.Replace(smallCSV, "Chief Executive Officer", "Chair", 1))
	rejected := runAgainst(t, srv, config{csvPath: changed, batchSize: 2, journal: journal})

	require.ErrorIs(t, rejected.err, bulkupload.ErrInputChanged)
	assert.Equal(t, exitFailed, rejected.exit)
	assert.Contains(t, rejected.stderr, "csvupload: the CSV file no longer matches the journal "+journal)
	assert.Contains(t, rejected.stderr, "add -force-resume")
	assert.Len(t, srv.ExternalIDs(), 5, "nothing more was sent")

	forced := runAgainst(t, srv, config{csvPath: changed, batchSize: 2, journal: journal, forceResume: true})

	require.NoError(t, forced.err)
	assert.Equal(t, 2, forced.result.Sent, "only the changed request is sent again")
	assert.Equal(t, 3, forced.result.Skipped)
}
