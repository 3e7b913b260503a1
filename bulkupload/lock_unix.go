//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package bulkupload

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f, failing at once if another process or
// another open file holds it. The lock ends when f is closed.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
