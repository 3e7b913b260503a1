package main

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/internal/hrdata"
)

func TestGeneratedCSVRoundTrips(t *testing.T) {
	const seed, n = 99, 2000
	var buf bytes.Buffer
	require.NoError(t, hrdata.WriteCSV(&buf, seed, n))

	reader, err := newCSVReader(&buf)
	require.NoError(t, err)
	assert.Empty(t, reader.ignored)

	want := slices.Collect(hrdata.Users(seed, n))
	i := 0
	for u, err := range reader.users() {
		require.NoError(t, err, "row %d", i+1)
		require.Less(t, i, len(want), "more rows than generated")
		assert.Equal(t, string(want[i].AppendJSON(nil)), string(u.AppendJSON(nil)), "worker %s", want[i].ExternalID)
		i++
	}
	assert.Equal(t, n, i)
}

func TestGeneratorMatchesSample(t *testing.T) {
	header, err := csv.NewReader(bytes.NewReader(sampleCSV)).Read()
	require.NoError(t, err)

	assert.Equal(t, hrdata.Columns(), header)
	assert.Equal(t, hrdata.ExtensionURN, extensionURN)
	assert.Equal(t, hrdata.AttributeHireDate, attributeHireDate)
}

// BenchmarkReadCSV streams b.N generated rows through the reader and encodes each user,
// which is the work of a run before the network. It holds one row at a time, so it runs
// in constant memory for any b.N, for example -benchtime=1000000x. The generator writes
// the CSV in another goroutine, so with one CPU its cost is measured too.
func BenchmarkReadCSV(b *testing.B) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(hrdata.WriteCSV(pw, 1, b.N))
	}()
	defer pr.Close()

	reader, err := newCSVReader(pr)
	if err != nil {
		b.Fatal(err)
	}

	b.ReportAllocs()
	b.ResetTimer()
	var body []byte
	for u, err := range reader.users() {
		if err != nil {
			b.Fatal(err)
		}
		body = u.AppendJSON(body[:0])
	}
	b.StopTimer()

	if reader.rows != b.N {
		b.Fatalf("read %d rows, expected %d", reader.rows, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
