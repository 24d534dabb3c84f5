// Package singleflight models a generic duplicate-call suppressor used by an
// image-metadata resolver: concurrent lookups for the same reference wait on
// the leader's per-key done channel. When the work function panics, the
// leader's deferred recover converts the panic into an error and removes the
// key, but returns before closing done, so every waiter blocks forever.
package singleflight

import (
	"context"
	"fmt"
	"sync"
)

type call[V any] struct {
	done chan struct{}
	val  V
	err  error
	dups int
}

type Group[K comparable, V any] struct {
	mu    sync.Mutex
	calls map[K]*call[V]
}

func (g *Group[K, V]) Do(key K, fn func() (V, error)) (v V, err error, shared bool) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = make(map[K]*call[V])
	}
	if c, ok := g.calls[key]; ok {
		c.dups++
		g.mu.Unlock()
		<-c.done // WANT(goroutineleak)
		return c.val, c.err, true
	}
	c := &call[V]{done: make(chan struct{})}
	g.calls[key] = c
	g.mu.Unlock()

	g.doCall(c, key, fn)
	return c.val, c.err, c.dups > 0
}

func (g *Group[K, V]) doCall(c *call[V], key K, fn func() (V, error)) {
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("singleflight: %v panicked: %v", key, r)
			g.forget(key)
		}
	}()
	c.val, c.err = fn()
	g.forget(key)
	close(c.done)
}

func (g *Group[K, V]) forget(key K) {
	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
}

type Reference string

type ImageConfig struct {
	Digest       string
	Architecture string
	OS           string
	Layers       []string
}

type RegistryClient interface {
	FetchConfig(ctx context.Context, ref Reference) (*ImageConfig, error)
}

type Resolver struct {
	client RegistryClient
	flight Group[Reference, *ImageConfig]
}

func NewResolver(c RegistryClient) *Resolver {
	return &Resolver{client: c}
}

func (r *Resolver) Resolve(ctx context.Context, ref Reference) (*ImageConfig, error) {
	cfg, err, _ := r.flight.Do(ref, func() (*ImageConfig, error) {
		return r.client.FetchConfig(ctx, ref)
	})
	return cfg, err
}
