package prometheus_targetsunlock

// ActiveTargetsFixed defers the RUnlock.
func (sp *scrapePool) ActiveTargetsFixed() []*Target {
	sp.mtx.RLock()
	defer sp.mtx.RUnlock()
	if sp.stopped {
		return nil
	}
	out := make([]*Target, 0, len(sp.active))
	for _, t := range sp.active {
		out = append(out, t)
	}
	return out
}
