// Package acceptoff is an accept loop with the accept flag off.
package acceptoff

import "net"

func serve(c net.Conn) { c.Close() }

// SAFE by default: the standard server idiom.
func Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serve(c)
	}
}
