// Package docker_recvnosender models a Moby-style bug: a goroutine waits on a
// "started" channel that the code path which was supposed to signal it no
// longer touches after a refactoring, so the goroutine blocks forever on its
// receive and keeps the container's log copier alive.
package docker_recvnosender

import "io"

type logCopier struct {
	src     io.Reader
	dst     io.Writer
	started chan struct{}
}

func newLogCopier(src io.Reader, dst io.Writer) *logCopier {
	return &logCopier{src: src, dst: dst}
}

// Run copies the logs once the container has started.
func (c *logCopier) Run() {
	started := make(chan struct{})
	c.started = nil
	go func() {
		<-started // WANT(goroutineleak)
		io.Copy(c.dst, c.src)
	}()
}
