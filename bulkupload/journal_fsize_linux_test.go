package bulkupload

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestJournalShortWriteThenRecovery makes one journal append fail part-way, with a file
// size limit standing in for a full disk, and lets the next append succeed. The journal
// must still open afterwards, with every acknowledgement that was reported written.
func TestJournalShortWriteThenRecovery(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	j, err := openJournal(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	ack := journalAck{firstPosition: 0, records: 10, hash: "0123456789abcdef01234567"}
	if err := j.recordAccepted(1, ack, "req-1"); err != nil {
		t.Fatal(err)
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var saved syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
		t.Fatal(err)
	}
	limited := saved
	limited.Cur = uint64(info.Size() + 20)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
		t.Skip("cannot set a file size limit:", err)
	}
	ack.firstPosition = 10
	shortErr := j.recordAccepted(2, ack, "req-2")
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
		t.Fatal(err)
	}
	if shortErr == nil {
		t.Skip("the file size limit did not cut the append short")
	}

	ack.firstPosition = 20
	recoveredErr := j.recordAccepted(3, ack, "req-3")
	j.close()

	reopened, err := openJournal(path, 10)
	if err != nil {
		t.Fatalf("journal does not open after a short write: %v", err)
	}
	defer reopened.close()
	if _, ok := reopened.accepted(1); !ok {
		t.Error("request 1 is missing")
	}
	if _, ok := reopened.accepted(3); recoveredErr == nil && !ok {
		t.Error("request 3 was reported written but is missing")
	}
}
