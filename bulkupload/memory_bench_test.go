package bulkupload_test

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/auth"
	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/internal/hrdata"
	"github.com/inbound-go/inbound/scim"
)

// The memory benchmark runs the upload in a child process, so that the simulator's own
// memory stays out of the measurement.
const (
	memoryChildEnv   = "INBOUND_MEMORY_CHILD"
	memoryRecords    = "INBOUND_MEMORY_RECORDS"
	memoryNoRunCheck = "INBOUND_MEMORY_NO_RUN_CHECK"
)

// memoryReport is what the child prints as its last line.
type memoryReport struct {
	Sent          int
	PeakHeapBytes uint64
	PeakRSSBytes  uint64
}

// BenchmarkMemory streams synthetic records through the Uploader, pacing off, to a
// simulator that keeps counts only, and reports the child process's peak heap (sampled
// every 5 ms) and peak RSS (VmHWM). Run it with -benchtime=1x.
func BenchmarkMemory(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, runCheck := range []bool{true, false} {
			name := strconv.Itoa(n) + "/duplicate-check"
			if !runCheck {
				name = strconv.Itoa(n) + "/no-duplicate-check"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					report := runMemoryChild(b, n, runCheck)
					b.ReportMetric(float64(report.PeakHeapBytes)/(1<<20), "peak-heap-MiB")
					b.ReportMetric(float64(report.PeakRSSBytes)/(1<<20), "peak-RSS-MiB")
					b.ReportMetric(float64(report.Sent), "records")
				}
			})
		}
	}
}

func runMemoryChild(b *testing.B, n int, runCheck bool) memoryReport {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{NoThrottling: true, CountsOnly: true})
	defer srv.Close()

	dir := b.TempDir()
	certFile := filepath.Join(dir, "server.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	require.NoError(b, os.WriteFile(certFile, cert, 0o600))
	token, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{auth.Global.Scope}})
	require.NoError(b, err)

	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), memoryChildEnv+"=1", memoryRecords+"="+strconv.Itoa(n),
		crashEndpoint+"="+srv.Endpoint, crashCertFile+"="+certFile, crashToken+"="+token.Token)
	if !runCheck {
		cmd.Env = append(cmd.Env, memoryNoRunCheck+"=1")
	}
	out, err := cmd.CombinedOutput()
	require.NoError(b, err, "child failed:\n%s", out)

	var report memoryReport
	scanner := bufio.NewScanner(strings.NewReader(string(out)))
	for scanner.Scan() {
		if line, ok := strings.CutPrefix(strings.TrimSpace(scanner.Text()), "memory-report "); ok {
			require.NoError(b, json.Unmarshal([]byte(line), &report))
		}
	}
	require.Equal(b, n, report.Sent, "child output:\n%s", out)
	require.Equal(b, n, srv.Stats().Operations)
	return report
}

// TestMemoryChild is the child of BenchmarkMemory; it does nothing in a normal test run.
func TestMemoryChild(t *testing.T) {
	if os.Getenv(memoryChildEnv) != "1" {
		t.Skip("runs only as the child of BenchmarkMemory")
	}
	n, err := strconv.Atoi(os.Getenv(memoryRecords))
	require.NoError(t, err)

	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	go sampleHeap(&peakHeap, stop)

	client := childClient(t)
	opts := &bulkupload.UploaderOptions{Pacing: bulkupload.Pacing{Disabled: true}}
	if os.Getenv(memoryNoRunCheck) == "1" {
		v, err := scim.NewValidator(&scim.ValidatorOptions{Disabled: []scim.Rule{scim.RuleExternalIDDuplicateInRun}})
		require.NoError(t, err)
		opts.Validator = v
	}
	up, err := bulkupload.NewUploader(client, opts)
	require.NoError(t, err)

	users := func(yield func(*scim.User, error) bool) {
		for u := range hrdata.Users(7, n) {
			if !yield(u, nil) {
				return
			}
		}
	}
	summary, err := up.Run(context.Background(), users)
	require.NoError(t, err)
	close(stop)

	report, err := json.Marshal(memoryReport{Sent: summary.Sent, PeakHeapBytes: peakHeap.Load(), PeakRSSBytes: peakRSS(t)})
	require.NoError(t, err)
	t.Logf("records %d, elapsed %s", summary.Sent, summary.Elapsed)
	os.Stdout.WriteString("memory-report " + string(report) + "\n")
}

// sampleHeap records the largest live heap seen, including memory not yet collected.
func sampleHeap(peak *atomic.Uint64, stop <-chan struct{}) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	ticker := time.NewTicker(5 * time.Millisecond)
	defer ticker.Stop()
	for {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
		select {
		case <-ticker.C:
		case <-stop:
			return
		}
	}
}

// peakRSS reads the process's peak resident set size from /proc (Linux only).
func peakRSS(t *testing.T) uint64 {
	data, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			require.NoError(t, err)
			return kb * 1024
		}
	}
	t.Fatal("VmHWM not found in /proc/self/status")
	return 0
}
