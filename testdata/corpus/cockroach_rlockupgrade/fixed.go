package cockroach_rlockupgrade

// LookupFixed releases the read lock before taking the write lock and
// re-checks the map.
func (rc *rangeCache) LookupFixed(key string) *RangeDescriptor {
	rc.mu.RLock()
	d, ok := rc.descs[key]
	rc.mu.RUnlock()
	if ok {
		return d
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if d, ok := rc.descs[key]; ok {
		return d
	}
	d = &RangeDescriptor{StartKey: key}
	rc.descs[key] = d
	return d
}
