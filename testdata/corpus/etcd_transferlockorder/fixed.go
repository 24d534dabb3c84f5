package etcd_transferlockorder

// promoteFixed takes the cluster lock first, like UpdateAttributes.
func (m *member) promoteFixed() {
	c := m.cluster
	c.Lock()
	defer c.Unlock()
	m.Lock()
	m.isLearner = false
	m.Unlock()
	c.members[m.id] = m
}
