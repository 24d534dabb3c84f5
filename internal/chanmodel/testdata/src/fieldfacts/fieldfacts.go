// Package fieldfacts has exported methods that close channel fields of
// their receiver; chanmodel summarizes them for callers in other packages.
package fieldfacts

import "sync"

type Conn struct {
	done chan struct{}
	quit chan struct{}
	once sync.Once
	n    int
}

func (c *Conn) Close() { // want Close:`closes\(done\)`
	close(c.done)
}

func (c *Conn) Stop() { // silent: guarded by a sync.Once
	c.once.Do(func() { close(c.quit) })
}

func (c *Conn) MaybeClose(ok bool) { // silent: not on every path
	if ok {
		close(c.done)
	}
}

func (c *Conn) Reset() { // want Reset:`closes\(done\) reassigns`
	close(c.done)
	c.done = make(chan struct{})
}

func (c *Conn) Count() int { return c.n }
