package bulkupload_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/auth"
	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
)

// The crash test runs the upload in a child process, the test binary itself started with
// these variables set, and kills it with SIGKILL.
const (
	crashChildEnv  = "INBOUND_CRASH_CHILD"
	crashEndpoint  = "INBOUND_CRASH_ENDPOINT"
	crashCertFile  = "INBOUND_CRASH_CERT"
	crashToken     = "INBOUND_CRASH_TOKEN"
	crashJournal   = "INBOUND_CRASH_JOURNAL"
	crashRecords   = 300
	crashBatchSize = 10
	crashWorkers   = 4
)

// TestCrashChild is the child's upload; it does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) != "1" {
		t.Skip("runs only as the child of TestUploaderResumesAfterKill")
	}

	client := childClient(t)
	up, err := bulkupload.NewUploader(client, &bulkupload.UploaderOptions{
		BatchSize:   crashBatchSize,
		Concurrency: crashWorkers,
		Pacing:      bulkupload.Pacing{Disabled: true},
		Journal:     os.Getenv(crashJournal),
	})
	require.NoError(t, err)
	_, err = up.Run(context.Background(), seq2(syntheticUsers(crashRecords)))
	require.NoError(t, err)
}

// childClient returns a client for the simulator of the parent process, which passes its
// endpoint, certificate and a token in the environment.
func childClient(t *testing.T) *bulkupload.Client {
	t.Helper()
	pemData, err := os.ReadFile(os.Getenv(crashCertFile))
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(pemData))
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{RootCAs: roots}

	opts := &bulkupload.ClientOptions{}
	opts.Transport = &http.Client{Transport: transport}
	client, err := bulkupload.NewClient(os.Getenv(crashEndpoint), staticToken(os.Getenv(crashToken)), opts)
	require.NoError(t, err)
	return client
}

type staticToken string

func (s staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(s), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func TestUploaderResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			killAndResume(t, seed)
		})
	}
}

func killAndResume(t *testing.T, seed uint64) {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		NoThrottling:  true,
		CountsOnly:    true,
		Latency:       5 * time.Millisecond,
		LatencyJitter: 20 * time.Millisecond,
	})
	defer srv.Close()

	dir := t.TempDir()
	certFile := filepath.Join(dir, "server.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	require.NoError(t, os.WriteFile(certFile, cert, 0o600))
	token, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{auth.Global.Scope}})
	require.NoError(t, err)
	journal := filepath.Join(dir, "run.journal")

	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashEndpoint+"="+srv.Endpoint,
			crashCertFile+"="+certFile, crashToken+"="+token.Token, crashJournal+"="+journal)
		return cmd
	}

	// Kill the first run once the journal records a seeded number of requests.
	rng := rand.New(rand.NewPCG(seed, seed))
	killAfter := 1 + rng.IntN(crashRecords/crashBatchSize/2)
	first := child()
	require.NoError(t, first.Start())
	deadline := time.Now().Add(time.Minute)
	for journalAcks(t, journal) < killAfter {
		require.True(t, time.Now().Before(deadline), "the child made no progress")
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, first.Process.Signal(syscall.SIGKILL))
	_ = first.Wait()

	// Calls still in flight at the kill end at the server after a short while.
	time.Sleep(100 * time.Millisecond)
	firstRun := srv.ExternalIDs()
	acked := journalPositions(t, journal)
	require.Less(t, len(firstRun), crashRecords, "the kill came too late to test anything (after request %d)", killAfter)

	second := child()
	out, err := second.CombinedOutput()
	require.NoError(t, err, "resumed run failed:\n%s", out)

	all := srv.ExternalIDs()
	secondRun := all[len(firstRun):]
	users := syntheticUsers(crashRecords)

	seen := map[string]int{}
	for _, id := range all {
		seen[id]++
	}
	for _, u := range users {
		assert.GreaterOrEqual(t, seen[u.ExternalID], 1, "externalId %s never reached the service", u.ExternalID)
	}

	journaled := map[string]bool{}
	for _, position := range acked {
		journaled[users[position].ExternalID] = true
	}
	duplicates := 0
	for _, id := range secondRun {
		assert.False(t, journaled[id], "externalId %s was journaled as accepted and sent again", id)
		if seen[id] > 1 {
			duplicates++
		}
	}
	assert.LessOrEqual(t, duplicates, crashWorkers*crashBatchSize,
		"only requests in flight at the kill may reach the service twice")
	t.Logf("killed after %d journaled requests; first run delivered %d records, second %d, %d twice",
		killAfter, len(firstRun), len(secondRun), duplicates)
}

// journalAcks counts the complete ack lines of the journal.
func journalAcks(t *testing.T, path string) int {
	return len(journalPositions(t, path)) / crashBatchSize
}

// journalPositions returns the input positions of every record the journal records as
// accepted.
func journalPositions(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)

	// Only lines that end in a newline are complete; the child may be writing the last.
	complete := string(data[:strings.LastIndexByte(string(data), '\n')+1])

	var positions []int
	scanner := bufio.NewScanner(strings.NewReader(complete))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 6 || fields[0] != "ack" {
			continue
		}
		var first, count int
		_, err := fmt.Sscanf(fields[2]+" "+fields[3], "%d %d", &first, &count)
		require.NoError(t, err)
		for p := first; p < first+count; p++ {
			positions = append(positions, p)
		}
	}
	return positions
}
