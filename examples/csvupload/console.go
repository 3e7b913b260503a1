package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// console writes the program's output lines and the live progress line. Stdout and
// stderr usually share one terminal, so every line first clears the progress line.
// Otherwise the line would start in the middle of the progress line. It is safe for
// concurrent use.
type console struct {
	mu             sync.Mutex
	stdout, stderr io.Writer

	// drawn is the width in runes of the progress line on stderr, or 0 when none is
	// drawn.
	drawn int
}

func newConsole(stdout, stderr io.Writer) *console {
	return &console{stdout: stdout, stderr: stderr}
}

// printf writes one line to stdout. format gets its line break here.
func (c *console) printf(format string, args ...any) {
	c.writeLine(c.stdout, format, args...)
}

// errorf writes one line to stderr.
func (c *console) errorf(format string, args ...any) {
	c.writeLine(c.stderr, format, args...)
}

func (c *console) writeLine(w io.Writer, format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.clearLocked()
	fmt.Fprintf(w, format+"\n", args...)
}

// draw replaces the progress line with line. It returns the cursor with a carriage
// return and blanks the rest of a longer previous line with spaces, rather than with
// an ANSI erase sequence, so that it works on any terminal.
func (c *console) draw(line string) {
	c.mu.Lock()
	defer c.mu.Unlock()

	width := utf8.RuneCountInString(line)
	padding := max(c.drawn-width, 0)
	fmt.Fprint(c.stderr, "\r"+line+strings.Repeat(" ", padding))
	c.drawn = width + padding
}

// clear removes the progress line, if one is drawn.
func (c *console) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.clearLocked()
}

func (c *console) clearLocked() {
	if c.drawn == 0 {
		return
	}
	fmt.Fprint(c.stderr, "\r"+strings.Repeat(" ", c.drawn)+"\r")
	c.drawn = 0
}
