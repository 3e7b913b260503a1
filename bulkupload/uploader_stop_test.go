package bulkupload_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

// TestRunStopCountsRepeatedWorker stops a run while the producer handles a record whose
// externalId is already in the open batch. That record must still be counted.
func TestRunStopCountsRepeatedWorker(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		NoThrottling: true,
		Latency:      20 * time.Millisecond,
		Faults:       map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultForbidden}},
	})
	defer srv.Close()

	opts := fastOptions()
	opts.Concurrency = 1
	up := newUploader(t, srv, opts)

	// Each worker appears twice in a row, so every repeat sends the open batch early.
	records := func(yield func(*scim.User, error) bool) {
		for i := range 400 {
			u := &scim.User{
				ExternalID: fmt.Sprintf("E%d", i/2),
				UserName:   scim.Ptr(fmt.Sprintf("u%d@contoso.example", i/2)),
				Active:     scim.Ptr(true),
			}
			if !yield(u, nil) {
				return
			}
		}
	}

	summary, err := up.Run(context.Background(), records)

	var stop *bulkupload.StopError
	require.ErrorAs(t, err, &stop)
	assert.Equal(t, summary.Read, summary.Sent+summary.Rejected+summary.Failed+summary.Skipped,
		"a record read before the stop is in none of sent, rejected, failed or skipped")
}

// TestRunCancelRejectedOnlyInput cancels a run whose input yields only records that are
// rejected, so no request is ever built. Run must still stop reading and return.
func TestRunCancelRejectedOnlyInput(t *testing.T) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true})
	defer srv.Close()
	up := newUploader(t, srv, fastOptions())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(100*time.Millisecond, cancel)

	// The input ends by itself after 10 s so that a failing test does not leave a
	// goroutine reading forever.
	endless := func(yield func(*scim.User, error) bool) {
		for start := time.Now(); time.Since(start) < 10*time.Second; {
			if !yield(nil, errors.New("row cannot be read")) {
				return
			}
		}
	}

	done := make(chan error, 1)
	go func() {
		_, err := up.Run(ctx, endless)
		done <- err
	}()

	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(2 * time.Second):
		t.Fatal("Run still reading input 2 s after its context was canceled")
	}
}

// TestRunForeignJournalUnchanged points Journal at a file that is not a journal and
// whose last line has no newline. Run must reject it without changing its contents.
func TestRunForeignJournalUnchanged(t *testing.T) {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "notes.txt")
	original := []byte("first line\nlast line without a newline")
	require.NoError(t, os.WriteFile(path, original, 0o600))

	opts := fastOptions()
	opts.Journal = path
	_, err := newUploader(t, srv, opts).Run(context.Background(), seq2(syntheticUsers(1)))
	require.Error(t, err)

	after, readErr := os.ReadFile(path)
	require.NoError(t, readErr)
	assert.Equal(t, string(original), string(after), "the file was changed before it was recognized as not a journal")
}
