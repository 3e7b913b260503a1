package main

import (
	"regexp"
	"sort"
	"strconv"
	"sync"
)

// lineIndex maps a record's position, the 0-based index that the Uploader gives each row
// it reads, to the line of the CSV file on which the row starts.
//
// Most rows take one line, so the line is the position plus a fixed offset. The index
// stores only the positions where that offset changes, after a blank line or a quoted
// line break, so it stays small for files of any size. It is safe for concurrent use,
// because the Uploader's callbacks look up lines on its worker goroutines while the
// reader adds rows.
type lineIndex struct {
	mu     sync.Mutex
	shifts []lineShift // ascending by position
}

// lineShift records that from position on, line = position + offset.
type lineShift struct {
	position, offset int
}

// add records that the row at position starts on line. Positions must be added in
// ascending order.
func (x *lineIndex) add(position, line int) {
	x.mu.Lock()
	defer x.mu.Unlock()

	offset := line - position
	if n := len(x.shifts); n > 0 && x.shifts[n-1].offset == offset {
		return
	}
	x.shifts = append(x.shifts, lineShift{position: position, offset: offset})
}

// line returns the line on which the row at position starts, or 0 when no row at or
// before position was added.
func (x *lineIndex) line(position int) int {
	x.mu.Lock()
	defer x.mu.Unlock()

	i := sort.Search(len(x.shifts), func(i int) bool { return x.shifts[i].position > position })
	if i == 0 {
		return 0
	}
	return position + x.shifts[i-1].offset
}

// positionMention matches the positions that scim's problem messages name, such as the
// earlier record in "externalId repeats the record at position 3 of this run".
var positionMention = regexp.MustCompile(`\bposition (\d+)\b`)

// replacePositions rewrites each "position N" in a problem message as "line L", so that
// every number a user reads in the output is a line of their file.
//
// NOTE: this depends on the wording of scim's messages. A message worded otherwise keeps
// its 0-based positions.
func (x *lineIndex) replacePositions(message string) string {
	return positionMention.ReplaceAllStringFunc(message, func(mention string) string {
		position, err := strconv.Atoi(positionMention.FindStringSubmatch(mention)[1])
		if err != nil {
			return mention
		}
		line := x.line(position)
		if line == 0 {
			return mention
		}
		return "line " + strconv.Itoa(line)
	})
}
