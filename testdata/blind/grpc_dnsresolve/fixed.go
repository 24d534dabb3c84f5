package grpcdnsresolve

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strconv"
)

// ResolveFixed looks up all targets concurrently. Each lookup writes only its
// own slot of perTarget; the slots are merged after Wait.
func (r *Resolver) ResolveFixed(ctx context.Context, targets []Target) ([]Address, error) {
	g, ctx := withContext(ctx)
	perTarget := make([][]Address, len(targets))
	for i, t := range targets {
		g.Go(func() error {
			ips, err := r.lookup.LookupHost(ctx, t.Host)
			if err != nil {
				return fmt.Errorf("dns: lookup %s: %w", t.Host, err)
			}
			out := make([]Address, 0, len(ips))
			for _, ip := range ips {
				out = append(out, Address{Addr: net.JoinHostPort(ip, strconv.Itoa(t.Port)), ServerName: t.Host})
			}
			perTarget[i] = out
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var addrs []Address
	for _, a := range perTarget {
		addrs = append(addrs, a...)
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i].Addr < addrs[j].Addr })
	return addrs, nil
}
