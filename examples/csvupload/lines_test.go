package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/scim"
)

func TestLineIndexMapsPositions(t *testing.T) {
	var lines lineIndex
	lines.add(0, 2)
	lines.add(1, 3)
	lines.add(2, 5) // after a blank line
	lines.add(3, 8) // after a quoted line break
	lines.add(4, 9)

	assert.Equal(t, 0, lines.line(-1))
	assert.Equal(t, 2, lines.line(0))
	assert.Equal(t, 3, lines.line(1))
	assert.Equal(t, 5, lines.line(2))
	assert.Equal(t, 8, lines.line(3))
	assert.Equal(t, 9, lines.line(4))
	assert.Len(t, lines.shifts, 3, "only changes of offset are stored")
}

func TestLineIndexEmpty(t *testing.T) {
	var lines lineIndex

	assert.Equal(t, 0, lines.line(0))
}

func TestReplacePositions(t *testing.T) {
	var lines lineIndex
	lines.add(0, 2)
	lines.add(3, 7)

	assert.Equal(t, "repeats the record at line 2 of this run", lines.replacePositions("repeats the record at position 0 of this run"))
	assert.Equal(t, "see line 7 and line 8", lines.replacePositions("see position 3 and position 4"))
	assert.Equal(t, "no positions here", lines.replacePositions("no positions here"))
	assert.Equal(t, "position -1", lines.replacePositions("position -1"))
}

func TestRunNamesRejectedRowsByLine(t *testing.T) {
	text := "WorkerID,WorkerStatus,FirstName,LastName,UserID,JobTitle,ManagerID\n" + // line 1
		"W1,Active,Ngozi,Adeyemi,ngozi@example.com,Director,\n" + // line 2
		"\n" + // line 3: blank
		"W2,Active,Siobhán,O'Connell,siobhan@example.com,\"Head of\nResearch\",W1\n" + // lines 4-5: control character
		"W3,Active,Søren,Østergaard\n" + // line 6: too few fields
		"W4,Active,Zoë,Fairbanks,zoe@example.com,Recruiter,W4\n" + // line 7: own manager
		"W1,Inactive,Ngozi,Adeyemi,ngozi@example.com,Director,\n" // line 8: repeats line 2
	srv := newServer(t, nil)

	res := runAgainst(t, srv, config{csvPath: writeFile(t, text), batchSize: 1})

	require.NoError(t, res.err)
	assert.Equal(t, exitRejected, res.exit)
	assert.Equal(t, 3, res.result.Rejected)
	assert.Equal(t, 2, res.result.Sent)
	assert.Contains(t, res.stderr, "rejected line 4 (externalId W2): title: error "+string(scim.RuleTextControlCharacter))
	assert.Contains(t, res.stderr, "rejected line 6: wrong number of fields")
	assert.Contains(t, res.stderr, "rejected line 7 (externalId W4): ")
	assert.Contains(t, res.stderr, string(scim.RuleManagerSelf))
	assert.Contains(t, res.stderr, "warning line 8 (externalId W1): externalId: warning "+string(scim.RuleExternalIDDuplicateInRun)+
		": externalId repeats the record at line 2 of this run")
	assert.Contains(t, res.stdout, "request 2: 1 operation from line 8, 202 Accepted")
}
