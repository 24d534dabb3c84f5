package etcd_earlyreturnrecv

import "io"

// sendSnapshotFixed checks the header before starting the goroutine.
func sendSnapshotFixed(p *peer, header string, data io.Reader) error {
	if !p.accept(header) {
		return errRejected
	}
	done := make(chan error)
	go func() {
		_, err := io.Copy(p.w, data)
		done <- err
	}()
	return <-done
}
