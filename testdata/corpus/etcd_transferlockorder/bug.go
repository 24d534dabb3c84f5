// Package etcd_transferlockorder models the classic account-transfer
// deadlock as it appears in an etcd-style membership store: the cluster
// lock and the member lock are taken in opposite orders by UpdateAttributes
// and by the member's promotion path.
package etcd_transferlockorder

import "sync"

type member struct {
	sync.Mutex
	id        uint64
	isLearner bool
	cluster   *raftCluster
}

type raftCluster struct {
	sync.Mutex
	members map[uint64]*member
	version string
}

// UpdateAttributes: cluster, then member.
func (c *raftCluster) UpdateAttributes(id uint64, version string) {
	c.Lock()
	defer c.Unlock()
	m := c.members[id]
	m.Lock() // WANT(lockorder)
	c.version = version
	m.Unlock()
}

// promote: member, then cluster.
func (m *member) promote() {
	m.Lock()
	defer m.Unlock()
	m.isLearner = false
	m.cluster.Lock() // WANT(lockorder)
	m.cluster.members[m.id] = m
	m.cluster.Unlock()
}
