package istioroutetrie

import (
	"fmt"
	"io"
	"sync"
)

// TrieFixed maps path prefixes to values.
type TrieFixed[V any] struct {
	mu   sync.Mutex
	root *node[V]
	size int
}

// NewTrieFixed returns an empty trie.
func NewTrieFixed[V any]() *TrieFixed[V] {
	return &TrieFixed[V]{root: &node[V]{children: make(map[string]*node[V])}}
}

// Insert stores v at prefix.
func (t *TrieFixed[V]) Insert(prefix string, v V) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.root
	for _, seg := range splitPath(prefix) {
		child, ok := n.children[seg]
		if !ok {
			child = &node[V]{segment: seg, children: make(map[string]*node[V])}
			n.children[seg] = child
		}
		n = child
	}
	if n.value == nil {
		t.size++
	}
	n.value = &v
}

// Len returns the number of stored prefixes.
func (t *TrieFixed[V]) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.size
}

// Walk calls fn for every stored prefix in lexical order until fn returns
// false. fn must not call back into the trie.
func (t *TrieFixed[V]) Walk(fn func(prefix string, v V) bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	walk(t.root, "", fn)
}

// RouteTableFixed is the per-gateway route configuration.
type RouteTableFixed struct {
	name  string
	trie  *TrieFixed[Route]
	limit int
}

// Dump writes the routing table for the config_dump debug endpoint.
func (rt *RouteTableFixed) Dump(w io.Writer) error {
	total := rt.trie.Len()
	var err error
	i := 0
	rt.trie.Walk(func(prefix string, r Route) bool {
		i++
		_, err = fmt.Fprintf(w, "[%d/%d] %s -> %s (weight=%d timeout=%s)\n", i, total, prefix, r.Cluster, r.Weight, r.Timeout)
		return err == nil && i < rt.limit
	})
	return err
}
