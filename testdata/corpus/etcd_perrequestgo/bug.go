// Package etcd_perrequestgo models an etcd-style overload bug: a proxy loop
// receives requests from a channel and starts a goroutine per request with no
// limit, so a burst of clients creates an unbounded number of goroutines and
// backend connections.
package etcd_perrequestgo

type request struct {
	key   string
	reply chan<- string
}

type proxy struct {
	forward func(key string) string
}

// serve handles requests until reqs is closed.
func (p *proxy) serve(reqs <-chan request) {
	for r := range reqs {
		go func() { // WANT(unboundedgo)
			r.reply <- p.forward(r.key)
		}()
	}
}
