// Package docker_sleepcapture models the most common flaky-test shape of
// the Docker/Moby integration tests: the test runs the command under test in
// a goroutine that stores its output in a captured variable, sleeps "long
// enough", then asserts on the variable. On a slow CI machine the goroutine
// has not finished, and the unsynchronized read is a data race. The bug is in
// bug_test.go, the fixed twin in fixed_test.go.
package docker_sleepcapture

import (
	"bytes"
	"io"
	"strings"
)

type attachOptions struct {
	stdin  io.Reader
	stdout io.Writer
}

// attach copies the container's stdin to stdout, upper-cased, like a tty.
func attach(opts attachOptions) error {
	data, err := io.ReadAll(opts.stdin)
	if err != nil {
		return err
	}
	_, err = io.Copy(opts.stdout, bytes.NewReader([]byte(strings.ToUpper(string(data)))))
	return err
}
