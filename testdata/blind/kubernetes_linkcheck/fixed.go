package kuberneteslinkcheck

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// CrawlerFixed checks every link reachable from a root using a fixed pool of
// workers that process the crawl one depth level at a time.
type CrawlerFixed struct {
	fetcher  Fetcher
	host     string
	maxDepth int
	workers  int

	mu     sync.Mutex
	seen   map[string]bool
	broken []BrokenLink
}

// NewCrawlerFixed returns a crawler restricted to host using n workers.
func NewCrawlerFixed(f Fetcher, host string, maxDepth, n int) *CrawlerFixed {
	if n < 1 {
		n = 1
	}
	return &CrawlerFixed{fetcher: f, host: host, maxDepth: maxDepth, workers: n, seen: make(map[string]bool)}
}

type crawlItem struct {
	from, url string
}

func (c *CrawlerFixed) markSeen(u string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[u] {
		return false
	}
	c.seen[u] = true
	return true
}

func (c *CrawlerFixed) report(b BrokenLink) {
	c.mu.Lock()
	c.broken = append(c.broken, b)
	c.mu.Unlock()
}

func (c *CrawlerFixed) internal(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && pu.Host == c.host && !strings.HasPrefix(pu.Path, "/api/")
}

// visit fetches one page and returns its unseen links.
func (c *CrawlerFixed) visit(ctx context.Context, it crawlItem, expand bool) []crawlItem {
	page, err := c.fetcher.Fetch(ctx, it.url)
	if err != nil {
		c.report(BrokenLink{Page: it.from, Target: it.url, Err: err.Error()})
		return nil
	}
	if page.Status >= 400 {
		c.report(BrokenLink{Page: it.from, Target: it.url, Status: page.Status})
		return nil
	}
	if !expand || !c.internal(it.url) {
		return nil
	}
	var next []crawlItem
	for _, link := range page.Links {
		if c.markSeen(link) {
			next = append(next, crawlItem{from: it.url, url: link})
		}
	}
	return next
}

func (c *CrawlerFixed) crawlLevel(ctx context.Context, level []crawlItem, expand bool) []crawlItem {
	jobs := make(chan crawlItem)
	var (
		mu   sync.Mutex
		next []crawlItem
		wg   sync.WaitGroup
	)
	for range c.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				found := c.visit(ctx, it, expand)
				mu.Lock()
				next = append(next, found...)
				mu.Unlock()
			}
		}()
	}
	for _, it := range level {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
	return next
}

// Check crawls from root and returns the broken links found.
func (c *CrawlerFixed) Check(ctx context.Context, root string) []BrokenLink {
	c.markSeen(root)
	level := []crawlItem{{url: root}}
	for depth := 0; len(level) > 0; depth++ {
		level = c.crawlLevel(ctx, level, depth < c.maxDepth)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sort.Slice(c.broken, func(i, j int) bool { return c.broken[i].Target < c.broken[j].Target })
	return append([]BrokenLink(nil), c.broken...)
}
