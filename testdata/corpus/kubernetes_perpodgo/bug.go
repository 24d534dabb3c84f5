// Package kubernetes_perpodgo models a Kubernetes-style scalability bug: a
// status manager starts one goroutine per pod in a map on every sync, with no
// bound; on a large node each resync spawns thousands of API calls at once.
package kubernetes_perpodgo

import "sync"

type PodStatus struct {
	Phase   string
	Message string
}

type statusManager struct {
	mu       sync.Mutex
	statuses map[string]PodStatus
	update   func(pod string, s PodStatus)
}

// syncBatch pushes every cached status to the API server.
func (m *statusManager) syncBatch(statuses map[string]PodStatus) {
	var wg sync.WaitGroup
	for pod, s := range statuses {
		wg.Add(1)
		go func() { // WANT(unboundedgo)
			defer wg.Done()
			m.update(pod, s)
		}()
	}
	wg.Wait()
}
