// Package xconn has a connection type whose Close closes a channel field
// on every path; its callers are in package xuse.
package xconn

import "sync"

type Conn struct {
	done chan struct{}
}

func Dial() *Conn { return &Conn{done: make(chan struct{})} }

func (c *Conn) Close() { close(c.done) }

// OnceConn closes through a sync.Once: Close is idempotent.
type OnceConn struct {
	done chan struct{}
	once sync.Once
}

func DialOnce() *OnceConn { return &OnceConn{done: make(chan struct{})} }

func (c *OnceConn) Close() { c.once.Do(func() { close(c.done) }) }
