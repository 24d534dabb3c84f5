package singleflight

import (
	"context"
	"fmt"
	"sync"
)

type GroupFixed[K comparable, V any] struct {
	mu    sync.Mutex
	calls map[K]*call[V]
}

func (g *GroupFixed[K, V]) Do(key K, fn func() (V, error)) (v V, err error, shared bool) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = make(map[K]*call[V])
	}
	if c, ok := g.calls[key]; ok {
		c.dups++
		g.mu.Unlock()
		<-c.done
		return c.val, c.err, true
	}
	c := &call[V]{done: make(chan struct{})}
	g.calls[key] = c
	g.mu.Unlock()

	g.doCall(c, key, fn)
	return c.val, c.err, c.dups > 0
}

func (g *GroupFixed[K, V]) doCall(c *call[V], key K, fn func() (V, error)) {
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("singleflight: %v panicked: %v", key, r)
		}
		g.forget(key)
		close(c.done)
	}()
	c.val, c.err = fn()
}

func (g *GroupFixed[K, V]) forget(key K) {
	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
}

type ResolverFixed struct {
	client RegistryClient
	flight GroupFixed[Reference, *ImageConfig]
}

func NewResolverFixed(c RegistryClient) *ResolverFixed {
	return &ResolverFixed{client: c}
}

func (r *ResolverFixed) Resolve(ctx context.Context, ref Reference) (*ImageConfig, error) {
	cfg, err, _ := r.flight.Do(ref, func() (*ImageConfig, error) {
		return r.client.FetchConfig(ctx, ref)
	})
	return cfg, err
}
