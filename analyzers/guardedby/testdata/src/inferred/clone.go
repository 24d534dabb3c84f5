package inferred

import "sync"

// text/template's Clone: the copy is a new object returned by a helper;
// filling it before it is returned needs no lock, whatever guards the
// original.
type tmplSet struct {
	mu   sync.RWMutex
	name string
	tmpl map[string]*tmplSet
}

func (t *tmplSet) copy() *tmplSet {
	return &tmplSet{name: t.name, tmpl: map[string]*tmplSet{}}
}

func (t *tmplSet) Clone() *tmplSet {
	nt := t.copy()
	t.mu.RLock()
	defer t.mu.RUnlock()
	for k, v := range t.tmpl {
		nt.tmpl[k] = v
	}
	return nt
}

func (t *tmplSet) Add(name string, v *tmplSet) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tmpl[name] = v
}

func (t *tmplSet) Lookup(name string) *tmplSet {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.tmpl[name]
}

func (t *tmplSet) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.tmpl)
}

func (t *tmplSet) Delete(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.tmpl, name)
}

// The bad twin: the helper registers the new object with its parent before
// returning it, so other goroutines reach it through the parent while the
// caller fills it.
type tmplSet2 struct {
	mu       sync.RWMutex
	tmpl     map[string]*tmplSet2
	children []*tmplSet2
}

func (t *tmplSet2) child() *tmplSet2 {
	nt := &tmplSet2{tmpl: map[string]*tmplSet2{}}
	t.mu.Lock()
	t.children = append(t.children, nt)
	t.mu.Unlock()
	return nt
}

func (t *tmplSet2) Derive(k string, v *tmplSet2) *tmplSet2 {
	nt := t.child()
	nt.tmpl[k] = v // want `nt.tmpl is read without nt.mu: accessed with nt.mu held in 4 of 5 places` `nt.tmpl is written without nt.mu: accessed with nt.mu held in 4 of 5 places`
	return nt
}

func (t *tmplSet2) Add(name string, v *tmplSet2) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tmpl[name] = v
}

func (t *tmplSet2) Lookup(name string) *tmplSet2 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.tmpl[name]
}

func (t *tmplSet2) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.tmpl)
}

func (t *tmplSet2) Delete(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.tmpl, name)
}
