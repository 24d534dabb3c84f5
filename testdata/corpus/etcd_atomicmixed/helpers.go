package etcd_atomicmixed

import "sync/atomic"

func atomic_load(p *uint64) uint64 { return atomic.LoadUint64(p) }
