// Package grpcdnsresolve models a resolver that looks up every target host in
// parallel through a small errgroup-style helper. Each lookup closure appends
// its addresses to a result slice captured from the enclosing function, so
// concurrent lookups append to the same slice without synchronization.
package grpcdnsresolve

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strconv"
	"sync"
)

// group runs functions on goroutines and reports the first error.
type group struct {
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
	cancel  context.CancelFunc
}

func withContext(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel}, ctx
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}

// HostLookuper resolves host names.
type HostLookuper interface {
	LookupHost(ctx context.Context, host string) ([]string, error)
}

// Address is a resolved backend.
type Address struct {
	Addr       string
	ServerName string
}

// Target is a host:port to resolve.
type Target struct {
	Host string
	Port int
}

// Resolver resolves a set of targets to addresses.
type Resolver struct {
	lookup HostLookuper
}

// NewResolver returns a resolver.
func NewResolver(l HostLookuper) *Resolver { return &Resolver{lookup: l} }

// Resolve looks up all targets concurrently.
func (r *Resolver) Resolve(ctx context.Context, targets []Target) ([]Address, error) {
	g, ctx := withContext(ctx)
	var addrs []Address
	for _, t := range targets {
		g.Go(func() error {
			ips, err := r.lookup.LookupHost(ctx, t.Host)
			if err != nil {
				return fmt.Errorf("dns: lookup %s: %w", t.Host, err)
			}
			for _, ip := range ips {
				addrs = append(addrs, Address{Addr: net.JoinHostPort(ip, strconv.Itoa(t.Port)), ServerName: t.Host}) // WANT(capturerace)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i].Addr < addrs[j].Addr })
	return addrs, nil
}
