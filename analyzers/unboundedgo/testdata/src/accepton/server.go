// Package accepton is an accept loop with the accept flag on.
package accepton

import "net"

func serve(c net.Conn) { c.Close() }

// BAD with -unboundedgo.accept: one goroutine per connection.
func Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serve(c) // want `goroutine started for every connection accepted from l with no bound`
	}
}

// SAFE twin: a connection limit.
func ServeLimited(l *net.TCPListener, max int) error {
	sem := make(chan struct{}, max)
	for {
		c, err := l.AcceptTCP()
		if err != nil {
			return err
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			serve(c)
		}()
	}
}
