// Package istioroutetrie models a route prefix trie whose Walk holds the trie
// mutex while invoking the caller's visitor for each node. The debug dump
// passes a visitor that calls the trie's Len to print a progress counter, and
// Len takes the same mutex, so the dump deadlocks on the first route.
package istioroutetrie

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Route is the destination for a path prefix.
type Route struct {
	Cluster string
	Weight  int
	Timeout string
}

type node[V any] struct {
	segment  string
	value    *V
	children map[string]*node[V]
}

// Trie maps path prefixes to values.
type Trie[V any] struct {
	mu   sync.Mutex
	root *node[V]
	size int
}

// NewTrie returns an empty trie.
func NewTrie[V any]() *Trie[V] {
	return &Trie[V]{root: &node[V]{children: make(map[string]*node[V])}}
}

func splitPath(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
}

// Insert stores v at prefix.
func (t *Trie[V]) Insert(prefix string, v V) {
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
func (t *Trie[V]) Len() int {
	t.mu.Lock() // WANT(doublelock)
	defer t.mu.Unlock()
	return t.size
}

// Walk calls fn for every stored prefix in lexical order until fn returns
// false.
func (t *Trie[V]) Walk(fn func(prefix string, v V) bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	walk(t.root, "", fn)
}

func walk[V any](n *node[V], prefix string, fn func(string, V) bool) bool {
	if n.value != nil && !fn(prefix+"/", *n.value) {
		return false
	}
	keys := make([]string, 0, len(n.children))
	for k := range n.children {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !walk(n.children[k], prefix+"/"+k, fn) {
			return false
		}
	}
	return true
}

// RouteTable is the per-gateway route configuration.
type RouteTable struct {
	name  string
	trie  *Trie[Route]
	limit int
}

// NewRouteTable returns an empty table.
func NewRouteTable(name string) *RouteTable {
	return &RouteTable{name: name, trie: NewTrie[Route](), limit: 1000}
}

// Dump writes the routing table for the config_dump debug endpoint.
func (rt *RouteTable) Dump(w io.Writer) error {
	var err error
	i := 0
	rt.trie.Walk(func(prefix string, r Route) bool {
		i++
		_, err = fmt.Fprintf(w, "[%d/%d] %s -> %s (weight=%d timeout=%s)\n", i, rt.trie.Len(), prefix, r.Cluster, r.Weight, r.Timeout) // WANT(doublelock)
		return err == nil && i < rt.limit
	})
	return err
}
