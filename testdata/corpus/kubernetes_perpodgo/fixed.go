package kubernetes_perpodgo

import "sync"

const statusWorkers = 4

// syncBatchFixed feeds a fixed pool of workers.
func (m *statusManager) syncBatchFixed(statuses map[string]PodStatus) {
	type item struct {
		pod string
		s   PodStatus
	}
	work := make(chan item)
	var wg sync.WaitGroup
	for i := 0; i < statusWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				m.update(it.pod, it.s)
			}
		}()
	}
	for pod, s := range statuses {
		work <- item{pod, s}
	}
	close(work)
	wg.Wait()
}
