package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
)

func TestFormatProgress(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		progress bulkupload.Progress
		total    int
		rate     float64
		want     string
	}{
		"start": {
			total: 5000,
			want:  "sent 0 of 5000 (0% done) · 0.0 calls/s",
		},
		"running": {
			progress: bulkupload.Progress{Summary: bulkupload.Summary{Sent: 1200, Calls: 24, Elapsed: 3 * time.Second}},
			total:    5000,
			rate:     7.96,
			want:     "sent 1200 of 5000 (24% done) · 8.0 calls/s",
		},
		"total unknown": {
			progress: bulkupload.Progress{Summary: bulkupload.Summary{Sent: 1200, Calls: 24, Elapsed: 3 * time.Second}},
			total:    unknownTotal,
			rate:     8,
			want:     "sent 1200 · 8.0 calls/s",
		},
		"empty file": {
			total: 0,
			want:  "sent 0 · 0.0 calls/s",
		},
		"throttled": {
			progress: bulkupload.Progress{
				Summary:     bulkupload.Summary{Sent: 50, Calls: 2, Elapsed: time.Second},
				PausedUntil: now.Add(3240 * time.Millisecond),
				PauseReason: bulkupload.ReasonThrottled,
			},
			total: 100,
			rate:  2,
			want:  "sent 50 of 100 (50% done) · 2.0 calls/s · waiting 3.2s: throttled",
		},
		"long pause": {
			progress: bulkupload.Progress{
				Summary:     bulkupload.Summary{Sent: 50, Calls: 2, Elapsed: time.Second},
				PausedUntil: now.Add(4*time.Minute + 59*time.Second),
				PauseReason: bulkupload.ReasonBucketFull,
			},
			total: 100,
			rate:  2,
			want:  "sent 50 of 100 (50% done) · 2.0 calls/s · waiting 4m59s: bucket full",
		},
		"pause nearly over": {
			progress: bulkupload.Progress{PausedUntil: now.Add(20 * time.Millisecond), PauseReason: bulkupload.ReasonThrottled},
			total:    100,
			want:     "sent 0 of 100 (0% done) · 0.0 calls/s · waiting 100ms: throttled",
		},
		"pause over": {
			progress: bulkupload.Progress{PausedUntil: now.Add(-time.Second), PauseReason: bulkupload.ReasonThrottled},
			total:    100,
			want:     "sent 0 of 100 (0% done) · 0.0 calls/s",
		},
		"every outcome counts as done": {
			progress: bulkupload.Progress{Summary: bulkupload.Summary{Sent: 40, Skipped: 30, Rejected: 20, Failed: 10}},
			total:    100,
			want:     "sent 40 of 100 (100% done) · 30 skipped · 20 rejected · 10 failed · 0.0 calls/s",
		},
		"file grew after counting": {
			progress: bulkupload.Progress{Summary: bulkupload.Summary{Sent: 120}},
			total:    100,
			want:     "sent 120 of 100 (100% done) · 0.0 calls/s",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tt.want, formatProgress(tt.progress, tt.total, tt.rate, now))
		})
	}
}

func TestFormatProgressFitsTerminal(t *testing.T) {
	p := bulkupload.Progress{
		Summary:     bulkupload.Summary{Sent: 9999999, Skipped: 9999999, Rejected: 9999999, Failed: 9999999, Calls: 1, Elapsed: time.Second},
		PausedUntil: time.Unix(0, 0).Add(time.Hour),
		PauseReason: bulkupload.ReasonBucketFull,
	}

	line := formatProgress(p, 99999999, 8, time.Unix(0, 0))

	assert.Equal(t, maxProgressWidth, utf8.RuneCountInString(line))
	assert.True(t, strings.HasSuffix(line, "…"))
}

func TestCallRateOverWindow(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	rate := newCallRate(start, 5*time.Second)

	assert.InDelta(t, 8.0, rate.observe(start.Add(500*time.Millisecond), 40), 1e-9, "a burst of 40 counts over the whole window")
	assert.InDelta(t, 8.0, rate.observe(start.Add(4*time.Second), 40), 1e-9)
	assert.InDelta(t, 0.0, rate.observe(start.Add(5500*time.Millisecond), 40), 1e-9, "the burst has left the window")
	assert.InDelta(t, 8.0, rate.observe(start.Add(6*time.Second), 80), 1e-9)
	assert.InDelta(t, 8.0, rate.observe(start.Add(10*time.Second), 80), 1e-9)
	assert.InDelta(t, 0.0, rate.observe(start.Add(11*time.Second), 80), 1e-9)
	assert.LessOrEqual(t, len(rate.samples), 4, "old samples are dropped")
}

func TestConsoleClearsProgressBeforeLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	out := newConsole(&stdout, &stderr)

	out.draw("sent 10 of 20")
	out.draw("sent 9")
	out.errorf("rejected line 4")
	out.clear()

	assert.Equal(t, "\rsent 10 of 20\rsent 9       \r             \rrejected line 4\n", stderr.String())
	assert.Empty(t, stdout.String())
}

func TestRunProgressLineDoesNotMixWithOutput(t *testing.T) {
	srv := newServer(t, &bulkuploadtest.Options{Latency: 10 * time.Millisecond})
	var terminal bytes.Buffer // stdout and stderr share one terminal
	cfg := config{endpoint: srv.Endpoint, credential: srv.Credential(), clientOptions: srv.ClientOptions(),
		batchSize: 5, concurrency: 1, progress: true, progressInterval: time.Millisecond}

	_, err := run(t.Context(), cfg, &terminal, &terminal)

	require.NoError(t, err)
	output := terminal.String()
	assert.Contains(t, output, "\rsent ", "the progress line was drawn")
	assert.Contains(t, output, " of 25 (", "the embedded sample is counted")
	for _, line := range strings.Split(strings.TrimSuffix(output, "\n"), "\n") {
		// What the terminal shows of a line is the text after its last carriage return.
		visible := line[strings.LastIndexByte(line, '\r')+1:]
		assert.False(t, strings.HasPrefix(visible, "sent "), "a progress line was left in front of %q", visible)
		assert.NotEmpty(t, strings.TrimSpace(visible))
	}
	assert.True(t, strings.HasSuffix(output, "\n"), "the progress line is cleared at the end")
}
