// Package etcd_ctxdonesend models an etcd client bug: a request goroutine
// sends the response on an unbuffered channel while the caller returns as
// soon as its context is cancelled. After a cancel the goroutine leaks, one
// per request.
package etcd_ctxdonesend

import "context"

type RangeResponse struct {
	Kvs   map[string]string
	Count int64
}

type kvClient struct {
	do func(key string) (*RangeResponse, error)
}

type result struct {
	resp *RangeResponse
	err  error
}

// Get issues the request and honours ctx.
func (c *kvClient) Get(ctx context.Context, key string) (*RangeResponse, error) {
	done := make(chan result)
	go func() {
		resp, err := c.do(key)
		done <- result{resp, err} // WANT(goroutineleak)
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
