// Package etcd_earlyreturnrecv models an etcd-style leak in a snapshot
// sender: the goroutine that streams the snapshot reports completion on an
// unbuffered channel, but the caller returns early when the peer rejects the
// header and never receives.
package etcd_earlyreturnrecv

import (
	"errors"
	"io"
)

var errRejected = errors.New("peer rejected snapshot")

type peer struct {
	accept func(header string) bool
	w      io.Writer
}

// sendSnapshot streams data to p.
func sendSnapshot(p *peer, header string, data io.Reader) error {
	done := make(chan error)
	go func() {
		_, err := io.Copy(p.w, data)
		done <- err // WANT(goroutineleak)
	}()
	if !p.accept(header) {
		return errRejected
	}
	return <-done
}
