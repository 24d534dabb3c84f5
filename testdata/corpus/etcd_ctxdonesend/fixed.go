package etcd_ctxdonesend

import "context"

// GetFixed lets the goroutine give up when the caller is gone.
func (c *kvClient) GetFixed(ctx context.Context, key string) (*RangeResponse, error) {
	done := make(chan result)
	go func() {
		resp, err := c.do(key)
		select {
		case done <- result{resp, err}:
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
