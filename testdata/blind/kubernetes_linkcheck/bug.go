// Package kuberneteslinkcheck models the documentation link checker: its
// visit method fetches a page and starts `go c.visit(link)` for every new
// link it finds, recursively. The number of concurrent goroutines and
// in-flight requests grows with the size of the crawled site, with no bound.
package kuberneteslinkcheck

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Page is a fetched document.
type Page struct {
	URL    string
	Status int
	Links  []string
}

// Fetcher retrieves and parses a page.
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string) (*Page, error)
}

// BrokenLink is a link that failed to resolve.
type BrokenLink struct {
	Page   string
	Target string
	Status int
	Err    string
}

// Crawler checks every link reachable from a root.
type Crawler struct {
	fetcher  Fetcher
	host     string
	maxDepth int

	wg     sync.WaitGroup
	mu     sync.Mutex
	seen   map[string]bool
	broken []BrokenLink
}

// NewCrawler returns a crawler restricted to host.
func NewCrawler(f Fetcher, host string, maxDepth int) *Crawler {
	return &Crawler{fetcher: f, host: host, maxDepth: maxDepth, seen: make(map[string]bool)}
}

func (c *Crawler) markSeen(u string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[u] {
		return false
	}
	c.seen[u] = true
	return true
}

func (c *Crawler) report(b BrokenLink) {
	c.mu.Lock()
	c.broken = append(c.broken, b)
	c.mu.Unlock()
}

func (c *Crawler) internal(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && pu.Host == c.host && !strings.HasPrefix(pu.Path, "/api/")
}

func (c *Crawler) visit(ctx context.Context, from, u string, depth int) {
	defer c.wg.Done()
	page, err := c.fetcher.Fetch(ctx, u)
	if err != nil {
		c.report(BrokenLink{Page: from, Target: u, Err: err.Error()})
		return
	}
	if page.Status >= 400 {
		c.report(BrokenLink{Page: from, Target: u, Status: page.Status})
		return
	}
	if depth >= c.maxDepth || !c.internal(u) {
		return
	}
	for _, link := range page.Links {
		if !c.markSeen(link) {
			continue
		}
		c.wg.Add(1)
		go c.visit(ctx, u, link, depth+1) // WANT(unboundedgo)
	}
}

// Check crawls from root and returns the broken links found.
func (c *Crawler) Check(ctx context.Context, root string) []BrokenLink {
	c.markSeen(root)
	c.wg.Add(1)
	go c.visit(ctx, "", root, 0)
	c.wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	sort.Slice(c.broken, func(i, j int) bool { return c.broken[i].Target < c.broken[j].Target })
	return append([]BrokenLink(nil), c.broken...)
}
