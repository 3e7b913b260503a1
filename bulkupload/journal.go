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

const journalMagic = "inbound-journal 2"

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

	// size is the length of the complete lines in the file. An append that fails is cut
	// back to it, and broken keeps the failure so that no later line follows a torn one.
	size   int64
	broken error
}

type journalAck struct {
	firstPosition int
	records       int
	hash          string
}

// maxJournalHeader bounds the first line, so that a large file given by mistake is
// rejected without being read.
const maxJournalHeader = 256

// openJournal opens the journal at path, creating it with a new run key if it does not
// exist or is empty, and locks it against other runs. A file that is not a journal is
// left unchanged.
func openJournal(path string, batchSize int) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s is in use by another run: %w", path, err)
	}

	j := &journal{file: f, batchSize: batchSize, acks: map[int]journalAck{}}
	if err := j.load(); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	return j, nil
}

// load reads every complete line and leaves the file offset at the end for appending. It
// checks the first line before it reads the rest or changes anything, and then cuts off
// a torn last line.
func (j *journal) load() error {
	head := make([]byte, maxJournalHeader)
	n, err := io.ReadFull(j.file, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	head = head[:n]

	newline := bytes.IndexByte(head, '\n')
	if newline < 0 {
		// Empty, or torn while the first line was written: only a prefix of a header
		// may be replaced.
		if n == maxJournalHeader || !strings.HasPrefix(journalMagic+" ", string(head)) && !strings.HasPrefix(string(head), journalMagic+" ") {
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
	if err := j.parseHeader(string(head[:newline])); err != nil {
		return err
	}

	rest, err := io.ReadAll(j.file)
	if err != nil {
		return err
	}
	data := append(head, rest...)
	complete := data[:bytes.LastIndexByte(data, '\n')+1]
	scanner := bufio.NewScanner(bytes.NewReader(complete[newline+1:]))
	for line := 2; scanner.Scan(); line++ {
		if err := j.parseAck(line, scanner.Text()); err != nil {
			return err
		}
	}

	j.size = int64(len(complete))
	if len(complete) < len(data) {
		if err := j.file.Truncate(j.size); err != nil {
			return err
		}
	}
	_, err = j.file.Seek(j.size, io.SeekStart)
	return err
}

var errNotJournal = fmt.Errorf("not a journal: its first line is not %q followed by a run key and a batch size; pass a new file name", journalMagic)

func (j *journal) parseHeader(text string) error {
	fields := strings.Fields(text)
	if len(fields) >= 2 && fields[0] == "inbound-journal" && fields[1] != "2" {
		return fmt.Errorf("written in format %s by another version of this SDK, which this one cannot resume; start a new journal", fields[1])
	}
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

// append writes line and syncs the file. After a failure it cuts the file back to its
// last complete line and refuses later lines, because a line after a torn one would make
// the journal unreadable.
func (j *journal) append(line string) error {
	if j.broken != nil {
		return j.broken
	}

	n, err := j.file.WriteString(line + "\n")
	if err == nil {
		err = j.file.Sync()
	}
	if err != nil {
		j.broken = fmt.Errorf("journal write failed earlier: %w", err)
		if n > 0 {
			_ = j.file.Truncate(j.size)
			_, _ = j.file.Seek(j.size, io.SeekStart)
		}
		return err
	}

	j.size += int64(n)
	return nil
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
