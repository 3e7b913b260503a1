package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/internal/hrdata"
)

func TestCountRowsMatchesReader(t *testing.T) {
	tests := map[string]string{
		"plain":           minimalHeader + "W1,Active,Ngozi,Adeyemi,ngozi@example.com\nW2,Active,Zoë,Smith,zoe@example.com\n",
		"no final break":  minimalHeader + "W1,Active,Ngozi,Adeyemi,ngozi@example.com",
		"blank lines":     minimalHeader + "\nW1,Active,Ngozi,Adeyemi,ngozi@example.com\n\r\n\nW2,Active,Zoë,Smith,zoe@example.com\n\n",
		"quoted break":    minimalHeader + "W1,Active,\"Ngo\nzi\",Adeyemi,ngozi@example.com\nW2,Active,Zoë,Smith,zoe@example.com\n",
		"wrong length":    minimalHeader + "W1,Active\nW2,Active,Zoë,Smith,zoe@example.com,extra\n",
		"bare quote":      minimalHeader + "W1,Active,Ngozi \"Nne\",Adeyemi,ngozi@example.com\nW2,Active,Zoë,Smith,zoe@example.com\n",
		"unclosed quote":  minimalHeader + "W1,Active,\"Ngozi,Adeyemi,ngozi@example.com\nW2,Active,Zoë,Smith,zoe@example.com\n",
		"header only":     minimalHeader,
		"byte order mark": "\uFEFF" + minimalHeader + "W1,Active,Ngozi,Adeyemi,ngozi@example.com\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			reader, err := newCSVReader(strings.NewReader(text))
			require.NoError(t, err)
			drain(reader)

			n, err := countRows(context.Background(), strings.NewReader(text))

			require.NoError(t, err)
			assert.Equal(t, reader.rows, n)
		})
	}
}

func TestCountRowsReadFailure(t *testing.T) {
	failure := errors.New("injected read failure")

	_, err := countRows(context.Background(), iotest.ErrReader(failure))

	assert.ErrorIs(t, err, failure)
}

func TestCountRowsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := countRows(ctx, bytes.NewReader(sampleCSV))

	assert.ErrorIs(t, err, context.Canceled)
}

func TestCountRowsInBackground(t *testing.T) {
	tests := map[string]struct {
		path string
		want int64
	}{
		"embedded sample": {"", 25},
		"regular file":    {writeFile(t, minimalHeader+"W1,Active,Ngozi,Adeyemi,ngozi@example.com\n"), 1},
		"missing file":    {"/nonexistent/workers.csv", unknownTotal},
		"directory":       {t.TempDir(), unknownTotal},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			total := countRowsInBackground(context.Background(), tt.path)

			assert.Eventually(t, func() bool { return total.Load() == tt.want }, time.Second, time.Millisecond)
		})
	}
}

// BenchmarkCountRows measures the pre-pass that counts rows for the progress line, over
// generated rows held in memory.
func BenchmarkCountRows(b *testing.B) {
	var buf bytes.Buffer
	if err := hrdata.WriteCSV(&buf, 1, 100000); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))

	for b.Loop() {
		if _, err := countRows(context.Background(), bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
