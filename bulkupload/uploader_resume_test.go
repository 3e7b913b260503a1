package bulkupload_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

func TestUploaderResumeSkipsAccepted(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	users := syntheticUsers(200)

	// The first run stops at its fourth call with a 403.
	first := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: map[int]fault{4: {Kind: bulkuploadtest.FaultForbidden}}})
	defer first.Close()
	opts := fastOptions()
	opts.Concurrency = 1
	opts.Journal = journal
	summary, err, _ := runUpload(t, first, opts, users)
	var stop *bulkupload.StopError
	require.ErrorAs(t, err, &stop)
	require.Equal(t, 30, summary.Sent)

	second := bulkuploadtest.NewServer(nil)
	defer second.Close()
	opts = fastOptions()
	opts.Journal = journal
	summary, err, o := runUpload(t, second, opts, users)
	require.NoError(t, err)

	assert.Equal(t, 30, summary.Skipped)
	assert.Equal(t, 3, summary.SkippedRequests)
	assert.Equal(t, 170, summary.Sent)

	all := append(first.ExternalIDs(), second.ExternalIDs()...)
	var want []string
	for _, u := range users {
		want = append(want, u.ExternalID)
	}
	assert.ElementsMatch(t, want, all, "every record reaches the service exactly once")
	assertAccounted(t, users[30:], second, bulkupload.Summary{Read: 170, Sent: summary.Sent}, &outcomes{
		sent: o.sent, failed: o.failed, rejected: map[int]error{},
	})
}

func TestUploaderResumeRebuildsSameBulkIDs(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	users := syntheticUsers(20)

	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: map[int]fault{2: {Kind: bulkuploadtest.FaultForbidden}}})
	defer srv.Close()
	opts := fastOptions()
	opts.Concurrency = 1
	opts.Journal = journal
	_, _, firstRun := runUpload(t, srv, opts, users)

	again := bulkuploadtest.NewServer(nil)
	defer again.Close()
	opts = fastOptions()
	opts.Journal = journal
	_, err, secondRun := runUpload(t, again, opts, users)
	require.NoError(t, err)

	require.Len(t, firstRun.requests, 1)
	require.Len(t, secondRun.requests, 1)
	prefix := func(id string) string { return id[:strings.LastIndexByte(id, '-')] }
	assert.Equal(t, prefix(firstRun.requests[0].BulkIDs[0]), prefix(secondRun.requests[0].BulkIDs[0]),
		"a resumed run keeps the journal's run key in its bulkIds")
}

func TestUploaderResumeRefusesChangedInput(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	users := syntheticUsers(30)

	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	opts := fastOptions()
	opts.Journal = journal
	_, err, _ := runUpload(t, srv, opts, users)
	require.NoError(t, err)

	changed := syntheticUsers(30)
	changed[12].Title = scim.Ptr("Changed Title")

	opts = fastOptions()
	opts.Journal = journal
	summary, err, o := runUpload(t, srv, opts, changed)
	require.ErrorIs(t, err, bulkupload.ErrInputChanged)
	assert.Contains(t, err.Error(), "request 2")
	assert.Equal(t, 0, summary.Sent)
	assert.Equal(t, 10, summary.Failed, "the changed request's records are reported failed")
	assert.Len(t, o.failures, 1)
	assert.Len(t, srv.ExternalIDs(), 30, "nothing more was sent")

	opts = fastOptions()
	opts.Journal = journal
	opts.ForceResume = true
	summary, err, o = runUpload(t, srv, opts, changed)
	require.NoError(t, err)
	assert.Equal(t, 10, summary.Sent, "only the changed request is sent again")
	assert.Equal(t, 20, summary.Skipped)
	require.Len(t, o.requests, 1)
	assert.Contains(t, o.requests[0].ExternalIDs, changed[12].ExternalID)
}

func TestUploaderJournalHoldsNoAttributeValues(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	users := syntheticUsers(25)
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	opts := fastOptions()
	opts.Journal = journal
	_, err, _ := runUpload(t, srv, opts, users)
	require.NoError(t, err)

	data, err := os.ReadFile(journal)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	assert.Len(t, lines, 4, "a header and one line per request")
	for _, u := range users {
		assert.NotContains(t, string(data), *u.DisplayName)
		assert.NotContains(t, string(data), *u.UserName)
		assert.NotContains(t, string(data), `"`+u.ExternalID+`"`)
	}
}

func TestUploaderJournalIgnoresTornLine(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	users := syntheticUsers(20)
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Faults: map[int]fault{2: {Kind: bulkuploadtest.FaultForbidden}}})
	defer srv.Close()
	opts := fastOptions()
	opts.Concurrency = 1
	opts.Journal = journal
	_, _, _ = runUpload(t, srv, opts, users)

	// A crash in the middle of a write leaves part of a line.
	f, err := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("ack 2 10 10 ab")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	again := bulkuploadtest.NewServer(nil)
	defer again.Close()
	opts = fastOptions()
	opts.Journal = journal
	summary, err, _ := runUpload(t, again, opts, users)
	require.NoError(t, err)
	assert.Equal(t, 10, summary.Skipped)
	assert.Equal(t, 10, summary.Sent)
}

func TestUploaderRejectsForeignJournal(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "notes.txt")
	require.NoError(t, os.WriteFile(journal, []byte("shopping list\n"), 0o600))
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	opts := fastOptions()
	opts.Journal = journal

	_, err, _ := runUpload(t, srv, opts, syntheticUsers(3))
	assert.ErrorContains(t, err, "not a journal")
	assert.Empty(t, srv.ExternalIDs())
}

func TestUploaderDailyBudgetSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	users := syntheticUsers(100)

	opts := fastOptions()
	opts.Concurrency = 1
	opts.Journal = filepath.Join(dir, "run.journal")
	opts.DailyCallBudget = 4
	summary, err, o := runUpload(t, srv, opts, users)

	var quota *bulkupload.QuotaError
	require.ErrorAs(t, err, &quota)
	assert.Equal(t, 4, quota.Budget)
	assert.Equal(t, 4, quota.Used)
	assert.Equal(t, 40, summary.Sent)
	assert.Equal(t, 4, srv.Stats().Calls, "the run must not exceed its budget")
	assertAccounted(t, users, srv, summary, o)

	opts = fastOptions()
	opts.Journal = filepath.Join(dir, "run.journal")
	opts.DailyCallBudget = 4
	summary, err, _ = runUpload(t, srv, opts, users)
	require.ErrorAs(t, err, &quota, "the restarted run must see the calls of the first")
	assert.Equal(t, 0, summary.Sent)
	assert.Equal(t, 4, srv.Stats().Calls)
	assert.WithinDuration(t, time.Now().Add(24*time.Hour), quota.ResumeAt, time.Minute)

	opts = fastOptions()
	opts.Journal = filepath.Join(dir, "run.journal")
	opts.DailyCallBudget = 10
	summary, err, _ = runUpload(t, srv, opts, users)
	require.NoError(t, err)
	assert.Equal(t, 40, summary.Skipped)
	assert.Equal(t, 60, summary.Sent)
	assert.Len(t, srv.ExternalIDs(), 100)
}

func TestUploaderServiceQuotaStopsRun(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{DailyQuota: 2})
	defer srv.Close()
	users := syntheticUsers(50)
	opts := fastOptions()
	opts.Concurrency = 1

	summary, err, o := runUpload(t, srv, opts, users)

	var quota *bulkupload.QuotaError
	require.ErrorAs(t, err, &quota)
	require.Error(t, quota.Err)
	assert.Equal(t, 20, summary.Sent)
	assertAccounted(t, users, srv, summary, o)
}

func TestUploaderCancelLeavesJournalConsistent(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	users := syntheticUsers(300)
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{Latency: 20 * time.Millisecond})
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := fastOptions()
	opts.Journal = journal
	o := newOutcomes()
	o.attach(opts)
	sent := opts.OnSent
	opts.OnSent = func(e bulkupload.SentEvent) {
		sent(e)
		if e.Request == 5 {
			cancel()
		}
	}
	summary, err := newUploader(t, srv, opts).Run(ctx, seq2(users))
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, summary.Read, 300, "the run stopped reading after cancellation")
	assertAccounted(t, users, srv, summary, o)
	firstAccepted := len(srv.ExternalIDs())
	assert.Equal(t, summary.Sent, firstAccepted, "calls in flight finished and were counted")

	opts = fastOptions()
	opts.Journal = journal
	summary, err, _ = runUpload(t, srv, opts, users)
	require.NoError(t, err)
	assert.Equal(t, firstAccepted, summary.Skipped, "every request accepted before the cancellation is in the journal")
	assert.Equal(t, 300-firstAccepted, summary.Sent)
	assert.Len(t, srv.ExternalIDs(), 300, "no record was sent twice")
}

func TestUploaderRejectsBadRecordsAndSendsTheRest(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	users := syntheticUsers(30)
	users[3].Active = nil
	users[7].ExternalID = ""
	users[21].PhoneNumbers = append(users[21].PhoneNumbers, scim.PhoneNumber{Value: "1", Type: scim.TypeWork, Primary: true})

	readErr := errors.New("line 12: wrong number of fields")
	input := func(yield func(*scim.User, error) bool) {
		for i, u := range users {
			if i == 10 {
				if !yield(nil, readErr) {
					return
				}
				continue
			}
			if !yield(u, nil) {
				return
			}
		}
	}

	o := newOutcomes()
	opts := fastOptions()
	o.attach(opts)
	summary, err := newUploader(t, srv, opts).Run(context.Background(), input)
	require.NoError(t, err)

	assert.Equal(t, 30, summary.Read)
	assert.Equal(t, 4, summary.Rejected)
	assert.Equal(t, 26, summary.Sent)
	require.Len(t, o.rejected, 4)

	var recordErr *bulkupload.RecordError
	require.ErrorAs(t, o.rejected[3], &recordErr)
	assert.Equal(t, 3, recordErr.Position)
	assert.Equal(t, users[3].ExternalID, recordErr.ExternalID)
	var validation *scim.ValidationError
	require.ErrorAs(t, o.rejected[3], &validation)
	assert.Equal(t, scim.RuleActiveMissing, validation.Problems[0].Rule)

	assert.ErrorIs(t, o.rejected[10], readErr)
	assert.Contains(t, o.rejected[21].Error(), string(scim.RulePrimaryMultiple))
	assert.Contains(t, o.rejected[7].Error(), string(scim.RuleExternalIDMissing))
	assert.NotContains(t, srv.ExternalIDs(), users[3].ExternalID)
}

func TestUploaderSplitsRepeatedWorker(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	users := syntheticUsers(6)
	users[4] = &scim.User{ExternalID: users[1].ExternalID, Active: scim.Ptr(false)}

	warnings := 0
	opts := fastOptions()
	opts.OnWarnings = func(e bulkupload.WarningEvent) {
		warnings++
		assert.Equal(t, 4, e.Position)
		assert.Equal(t, scim.RuleExternalIDDuplicateInRun, e.Problems[0].Rule)
	}
	summary, err, o := runUpload(t, srv, opts, users)
	require.NoError(t, err)

	assert.Equal(t, 6, summary.Sent)
	assert.Equal(t, 1, warnings)
	require.Len(t, o.requests, 2, "the repeat starts a new request, because the service rejects one request holding a worker twice")
}

func TestUploaderResumeNamesBatchSizeChange(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	opts := fastOptions()
	opts.Journal = journal
	_, err, _ := runUpload(t, srv, opts, syntheticUsers(20))
	require.NoError(t, err)

	opts = fastOptions()
	opts.BatchSize = 5
	opts.Journal = journal
	_, err, _ = runUpload(t, srv, opts, syntheticUsers(20))
	assert.ErrorContains(t, err, "written with batch size 10, not 5")
	assert.Len(t, srv.ExternalIDs(), 20, "nothing was sent again")
}

func TestUploaderJournalTornHeaderStartsOver(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "run.journal")
	require.NoError(t, os.WriteFile(journal, []byte("inbound-journal 2 ab"), 0o600))
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()
	opts := fastOptions()
	opts.Journal = journal

	summary, err, _ := runUpload(t, srv, opts, syntheticUsers(20))
	require.NoError(t, err)
	assert.Equal(t, 20, summary.Sent)

	data, err := os.ReadFile(journal)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "inbound-journal 2 "))
	assert.Len(t, strings.Split(strings.TrimSpace(string(data)), "\n"), 3)
}
