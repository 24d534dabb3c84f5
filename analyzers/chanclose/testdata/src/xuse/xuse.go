// Package xuse calls the Close methods of package xconn, whose channel
// closes it knows only from chanmodel's FieldsFact.
package xuse

import "xconn"

func closeTwice() {
	c := xconn.Dial()
	c.Close()
	c.Close() // want `close of closed channel: Close closes c.done, which was closed at line \d+`
}

// Safe twin: one Close.
func closeOnce() {
	c := xconn.Dial()
	c.Close()
}

// Safe twin: OnceConn.Close is guarded by a sync.Once.
func closeOnceConnTwice() {
	c := xconn.DialOnce()
	c.Close()
	c.Close()
}
