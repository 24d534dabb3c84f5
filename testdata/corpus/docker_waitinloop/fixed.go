package docker_waitinloop

import "sync"

// reloadFixed waits once, after every goroutine has started.
func (pm *manager) reloadFixed() {
	var group sync.WaitGroup
	group.Add(len(pm.plugins))
	for _, p := range pm.plugins {
		go func(p *plugin) {
			defer group.Done()
			if err := p.load(); err != nil {
				pm.record(err)
			}
		}(p)
	}
	group.Wait()
}
