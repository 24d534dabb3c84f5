// Package moby7559 is the fixed twin of GoKer kernel moby7559, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby7559

import (
	"net"
	"sync"
)

// Fixed: the loop unlocks before it continues.

type proxy struct{ connTrackLock sync.Mutex }

func (p *proxy) run() {
	for i := 0; i < 2; i++ {
		p.connTrackLock.Lock()
		c, err := net.DialUDP("udp", nil, nil)
		if err != nil {
			p.connTrackLock.Unlock()
			continue
		}
		c.Close()
		p.connTrackLock.Unlock()
	}
}

func Run() {
	go (&proxy{}).run()
}
