// Package recursive holds crawlers that start a goroutine for every link
// they find, and the goroutine does the same.
package recursive

import "sync"

type crawler struct {
	mu   sync.Mutex
	seen map[string]bool
	wg   sync.WaitGroup
	sem  chan struct{}
}

func (c *crawler) fetch(url string) []string { return nil }

// Every page starts a goroutine per link, recursively: the web decides how
// many run.
func (c *crawler) visit(url string) {
	defer c.wg.Done()
	for _, link := range c.fetch(url) {
		c.wg.Add(1)
		go c.visit(link) // want `goroutine started for every element of c.fetch\(url\) \(the result of c.fetch\), recursively \(visit starts itself\), with no bound`
	}
}

// Safe twin: the recursion acquires a semaphore first.
func (c *crawler) visitLimited(url string) {
	defer c.wg.Done()
	for _, link := range c.fetch(url) {
		c.sem <- struct{}{}
		c.wg.Add(1)
		go func() {
			defer func() { <-c.sem }()
			c.visitLimited(link)
		}()
	}
}

// The same through a closure calling the method.
func (c *crawler) visitClosure(url string) {
	defer c.wg.Done()
	links := c.fetch(url)
	for _, link := range links {
		c.wg.Add(1)
		go func() { // want `goroutine started for every element of links \(the result of c.fetch\), recursively \(visitClosure starts itself\), with no bound`
			c.visitClosure(link)
		}()
	}
}

type node struct{ children []*node }

// Safe twin: a walk over a tree the program built: a field, not a call
// result (reported only with -collections).
func walk(n *node, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, ch := range n.children {
		wg.Add(1)
		go walk(ch, wg)
	}
}
