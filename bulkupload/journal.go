package bulkupload

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// ErrInputChanged is wrapped by the error that Uploader.Run returns when a journal records
// a request whose contents differ from the request built from the input now. Set
// UploaderOptions.ForceResume to send such requests again instead.
var ErrInputChanged = errors.New("input changed since the journal was written")

const journalMagic = "inbound-journal 1"

// journal is an append-only checkpoint file. Its first line names the format, a random
// run key and the batch size; each later line records one request the service accepted:
//
//	ack <request> <first position> <records> <body hash> <request-id>
//
// It holds no attribute values. The body hash is a SHA-256 prefix of the request body,
// which includes bulkIds derived from the run key, so a resumed run rebuilds the same
// bytes from the same input. The file is synced after each line, so a line that the
// Uploader counted as accepted survives a crash. A torn last line is ignored.
type journal struct {
	mu        sync.Mutex
	file      *os.File
	key       string
	batchSize int
	acks      map[int]journalAck
}

type journalAck struct {
	firstPosition int
	records       int
	hash          string
}

// openJournal opens the journal at path, creating it with a new run key if it does not
// exist or is empty. A file that is not a journal is left unchanged.
func openJournal(path string, batchSize int) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}

	j := &journal{file: f, batchSize: batchSize, acks: map[int]journalAck{}}
	if err := j.load(); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	return j, nil
}

// load reads every complete line and leaves the file offset at the end for appending. It
// checks the first line before it changes anything, and then cuts off a torn last line.
func (j *journal) load() error {
	data, err := io.ReadAll(j.file)
	if err != nil {
		return err
	}

	newline := bytes.IndexByte(data, '\n')
	if newline < 0 {
		// Empty, or torn while the first line was written: only a prefix of a header
		// may be replaced.
		if !strings.HasPrefix(journalMagic+" ", string(data)) && !strings.HasPrefix(string(data), journalMagic+" ") {
			return errNotJournal
		}
		if err := j.file.Truncate(0); err != nil {
			return err
		}
		if _, err := j.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		j.key = newRunKey()
		return j.append(fmt.Sprintf("%s %s %d", journalMagic, j.key, j.batchSize))
	}
	if err := j.parseHeader(string(data[:newline])); err != nil {
		return err
	}

	complete := data[:bytes.LastIndexByte(data, '\n')+1]
	scanner := bufio.NewScanner(bytes.NewReader(complete[newline+1:]))
	for line := 2; scanner.Scan(); line++ {
		if err := j.parseAck(line, scanner.Text()); err != nil {
			return err
		}
	}

	if len(complete) < len(data) {
		if err := j.file.Truncate(int64(len(complete))); err != nil {
			return err
		}
	}
	_, err = j.file.Seek(int64(len(complete)), io.SeekStart)
	return err
}

var errNotJournal = fmt.Errorf("not a journal: its first line is not %q followed by a run key and a batch size; pass a new file name", journalMagic)

func (j *journal) parseHeader(text string) error {
	fields := strings.Fields(text)
	if len(fields) != 4 || strings.Join(fields[:2], " ") != journalMagic {
		return errNotJournal
	}

	batchSize, err := strconv.Atoi(fields[3])
	if err != nil {
		return errNotJournal
	}
	if batchSize != j.batchSize {
		return fmt.Errorf("written with batch size %d, not %d: resume with batch size %d, or start a new journal", batchSize, j.batchSize, batchSize)
	}
	j.key = fields[2]
	return nil
}

func (j *journal) parseAck(line int, text string) error {
	fields := strings.Fields(text)
	if len(fields) != 6 || fields[0] != "ack" {
		return fmt.Errorf("line %d: invalid record; the file is damaged, so start a new journal", line)
	}
	var nums [3]int
	for i := range nums {
		n, err := strconv.Atoi(fields[i+1])
		if err != nil {
			return fmt.Errorf("line %d: invalid number %q; the file is damaged, so start a new journal", line, fields[i+1])
		}
		nums[i] = n
	}
	j.acks[nums[0]] = journalAck{firstPosition: nums[1], records: nums[2], hash: fields[4]}
	return nil
}

// accepted returns the recorded acknowledgement of a request, if any.
func (j *journal) accepted(request int) (journalAck, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()

	ack, ok := j.acks[request]
	return ack, ok
}

// recordAccepted appends an acknowledgement and syncs the file.
func (j *journal) recordAccepted(request int, ack journalAck, requestID string) error {
	if requestID == "" {
		requestID = "-"
	}

	j.mu.Lock()
	defer j.mu.Unlock()

	line := fmt.Sprintf("ack %d %d %d %s %s", request, ack.firstPosition, ack.records, ack.hash, requestID)
	if err := j.append(line); err != nil {
		return fmt.Errorf("write journal: %w", err)
	}
	j.acks[request] = ack
	return nil
}

func (j *journal) append(line string) error {
	if _, err := j.file.WriteString(line + "\n"); err != nil {
		return err
	}
	return j.file.Sync()
}

func (j *journal) close() error {
	return j.file.Close()
}

// newRunKey returns 12 random hex digits that make a run's bulkIds unique.
func newRunKey() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
