// Package grpc1424 is the fixed twin of GoKer kernel grpc1424, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc1424

// Fixed: the watcher closes the done channel when its notify channel
// closes.

type balancer struct{ addrCh chan bool }

type clientConn struct{ b *balancer }

func (cc *clientConn) lbWatcher(done chan bool) {
	defer close(done)
	for range cc.b.addrCh {
	}
}

func Run() {
	cc := &clientConn{b: &balancer{addrCh: make(chan bool)}}
	waitC := make(chan error, 1)
	go func() {
		defer close(waitC)
		done := make(chan bool)
		go cc.lbWatcher(done)
		<-done
	}()
	close(cc.b.addrCh)
	<-waitC
}
