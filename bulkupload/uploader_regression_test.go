package bulkupload_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

// TestRunForeignCallLogUnchanged points CallLog at a file that is not a call log. Run must
// leave its contents alone, as it does for a foreign journal.
func TestRunForeignCallLogUnchanged(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "workers.csv")
	original := []byte("WorkerID,FirstName\n1001,Zoe\n")
	require.NoError(t, os.WriteFile(path, original, 0o600))

	opts := fastOptions()
	opts.CallLog = path
	_, err := newUploader(t, srv, opts).Run(context.Background(), seq2(syntheticUsers(1)))
	assert.Error(t, err, "Run accepted a file that is not a call log")

	after, readErr := os.ReadFile(path)
	require.NoError(t, readErr)
	assert.Equal(t, string(original), string(after), "the file given as CallLog was rewritten")
}

// TestRunCallLogSameAsJournal sets CallLog to the journal's path. Run must reject the
// options or keep the journal intact.
func TestRunCallLogSameAsJournal(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "run.journal")
	opts := fastOptions()
	opts.Journal = path
	opts.CallLog = path
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)
	up, err := bulkupload.NewUploader(client, opts)
	if err != nil {
		assert.ErrorContains(t, err, "give them different files")
		return // rejecting the options is a correct outcome
	}
	_, err = up.Run(context.Background(), seq2(syntheticUsers(30)))
	require.NoError(t, err)

	data, readErr := os.ReadFile(path)
	require.NoError(t, readErr)
	assert.Contains(t, string(data), "inbound-journal 2", "the journal lost its header")
	assert.Contains(t, string(data), "\nack 3 ", "the journal lost its acknowledgements")
}

// TestRunInputPanicStopsWorkers has the input panic after 25 records. Run may panic in
// turn, but when it returns no worker may be left and no request may be reported or
// accepted afterwards.
func TestRunInputPanicStopsWorkers(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true, Latency: 200 * time.Millisecond})
	defer srv.Close()

	var returned atomic.Bool
	var eventsAfterReturn atomic.Int32
	opts := fastOptions()
	opts.Journal = filepath.Join(t.TempDir(), "journal")
	opts.OnSent = func(bulkupload.SentEvent) {
		if returned.Load() {
			eventsAfterReturn.Add(1)
		}
	}
	opts.OnFailed = func(bulkupload.FailedEvent) {
		if returned.Load() {
			eventsAfterReturn.Add(1)
		}
	}
	up := newUploader(t, srv, opts)

	users := syntheticUsers(100)
	records := func(yield func(*scim.User, error) bool) {
		for i, u := range users {
			if i == 25 {
				panic("input broke")
			}
			if !yield(u, nil) {
				return
			}
		}
	}

	func() {
		defer func() { recover() }()
		up.Run(context.Background(), records)
	}()
	returned.Store(true)
	callsAtReturn := srv.Stats().Calls
	time.Sleep(500 * time.Millisecond)

	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	workers := strings.Count(stacks, "bulkupload.(*Uploader).Run.func")
	assert.Zero(t, workers, "worker goroutines that outlived Run")
	assert.Zero(t, eventsAfterReturn.Load(), "events reported after Run returned")
	assert.Equal(t, callsAtReturn, srv.Stats().Calls, "calls made after Run returned")
}

// TestRunQueuedHonoursCancel starts a Run while another Run of the same
// Uploader is in progress, with a context that is already canceled. It must return at
// once instead of waiting for the other Run.
func TestRunQueuedHonoursCancel(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true, Latency: 100 * time.Millisecond})
	defer srv.Close()
	opts := fastOptions()
	opts.Concurrency = 1
	up := newUploader(t, srv, opts)

	firstCtx, stopFirst := context.WithCancel(context.Background())
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		up.Run(firstCtx, seq2(syntheticUsers(300))) // 30 calls of 100 ms each
	}()
	defer func() {
		stopFirst()
		<-firstDone
	}()
	time.Sleep(50 * time.Millisecond)

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := up.Run(canceled, seq2(syntheticUsers(1)))

	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Second, "the canceled Run waited for the other Run to finish")
}

// TestRunCancelAfterEveryRecordSent cancels the context from OnSent of the only request.
// Every record was sent, so the run did not end early and Run returns no error.
func TestRunCancelAfterEveryRecordSent(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true})
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := fastOptions()
	opts.OnSent = func(bulkupload.SentEvent) { cancel() }

	summary, err := newUploader(t, srv, opts).Run(ctx, seq2(syntheticUsers(10)))

	assert.Equal(t, 10, summary.Sent)
	assert.Zero(t, summary.Failed)
	assert.NoError(t, err)
}

// TestRetriesCountOnlyCallsMade cancels a run while its request backs off after a
// 503. The retry never happened, so Retries stays 0.
func TestRetriesCountOnlyCallsMade(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true,
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultServiceUnavailable}}})
	defer srv.Close()
	opts := fastOptions()
	opts.BackoffBase = 5 * time.Second
	opts.BackoffMax = 5 * time.Second

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	summary, err := newUploader(t, srv, opts).Run(ctx, seq2(syntheticUsers(10)))

	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, summary.Calls)
	assert.Zero(t, summary.Retries, "Retries counts a call that was never made")
}

// TestJournalSharedByTwoRuns starts two Uploaders on one journal at once, as two
// processes resuming the same run would. One of them must fail, or together they must
// send each record once.
func TestJournalSharedByTwoRuns(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true})
	defer srv.Close()
	journal := filepath.Join(t.TempDir(), "journal")
	users := syntheticUsers(200)

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			opts := fastOptions()
			opts.Journal = journal
			_, errs[i] = newUploader(t, srv, opts).Run(context.Background(), seq2(users))
		})
	}
	wg.Wait()

	if errs[0] == nil && errs[1] == nil {
		assert.Equal(t, len(users), len(srv.ExternalIDs()), "records accepted by the service; both runs sent them")
	}
}

// tokenTimeoutOnce fails its first token request with a network timeout, as a brief
// outage of the token endpoint would, and then issues tokens.
type tokenTimeoutOnce struct {
	tokens   azcore.TokenCredential
	requests atomic.Int32
}

func (c *tokenTimeoutOnce) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if c.requests.Add(1) == 1 {
		return azcore.AccessToken{}, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("i/o timeout")}
	}
	return c.tokens.GetToken(ctx, opts)
}

// TestRunRetriesTransientTokenFailure makes one token request time out and the next
// succeed. A transient failure to reach the token endpoint must not stop the run.
func TestRunRetriesTransientTokenFailure(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true})
	defer srv.Close()
	cred := &tokenTimeoutOnce{tokens: srv.Credential()}
	client, err := bulkupload.NewClient(srv.Endpoint, cred, srv.ClientOptions())
	require.NoError(t, err)
	up, err := bulkupload.NewUploader(client, fastOptions())
	require.NoError(t, err)

	summary, err := up.Run(context.Background(), seq2(syntheticUsers(100)))

	assert.NoError(t, err)
	assert.Equal(t, 100, summary.Sent)
}

// TestRunForeignJournalNotReadWhole passes a large file that is not a journal. Run must
// reject it after reading its first line, not after loading all of it into memory.
func TestRunForeignJournalNotReadWhole(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "export.csv")
	f, err := os.Create(path)
	require.NoError(t, err)
	_, err = f.WriteString("WorkerID,FirstName\n")
	require.NoError(t, err)
	require.NoError(t, f.Truncate(64<<20)) // sparse: no disk space used
	require.NoError(t, f.Close())

	opts := fastOptions()
	opts.Journal = path
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = newUploader(t, srv, opts).Run(context.Background(), seq2(syntheticUsers(1)))
	runtime.ReadMemStats(&after)

	assert.Error(t, err)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "bytes allocated to reject a foreign journal")
}
