// Package kubernetes_recursiverlock models a Kubernetes-style deadlock with a
// recursive read lock: a cache method takes RLock and calls another method
// that takes RLock on the same RWMutex. When a writer calls Lock between the
// two RLocks, the second RLock waits for the writer and the writer waits for
// the first RLock: deadlock (a bug shape reported in the kubelet and in the
// scheduler cache).
package kubernetes_recursiverlock

import "sync"

type Pod struct {
	Name, Node string
}

type schedulerCache struct {
	mu    sync.RWMutex
	pods  map[string]*Pod
	nodes map[string][]string
}

func (c *schedulerCache) getPod(name string) (*Pod, bool) {
	c.mu.RLock() // WANT(doublelock)
	defer c.mu.RUnlock()
	p, ok := c.pods[name]
	return p, ok
}

// PodsOnNode holds the read lock while calling getPod, which read-locks again.
func (c *schedulerCache) PodsOnNode(node string) []*Pod {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*Pod
	for _, name := range c.nodes[node] {
		if p, ok := c.getPod(name); ok { // WANT(doublelock)
			out = append(out, p)
		}
	}
	return out
}

func (c *schedulerCache) AddPod(p *Pod) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pods[p.Name] = p
	c.nodes[p.Node] = append(c.nodes[p.Node], p.Name)
}
