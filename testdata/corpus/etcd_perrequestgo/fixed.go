package etcd_perrequestgo

const maxInflight = 64

// serveFixed limits the in-flight requests with a semaphore.
func (p *proxy) serveFixed(reqs <-chan request) {
	sem := make(chan struct{}, maxInflight)
	for r := range reqs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			r.reply <- p.forward(r.key)
		}()
	}
}
