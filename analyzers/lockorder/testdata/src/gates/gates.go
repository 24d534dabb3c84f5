package gates // want package:`lockorder:gates.DB.commitMu->gates.Index.mu gates.DB.commitMu->gates.Store.mu gates.Index.mu->gates.Store.mu gates.Index2.mu->gates.Store2.mu gates.Journal.commitMu->gates.Index2.mu gates.Journal.commitMu->gates.Store2.mu gates.Store.mu->gates.Index.mu gates.Store2.mu->gates.Index2.mu`

// gates: both orders of a pair are taken only under a third lock,
// one of them in a helper whose callers all hold it on entry (the
// standard lockdep/GoodLock gate rule: a cycle whose edges share a held
// lock cannot deadlock).

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

type Index struct {
	mu   sync.Mutex
	keys []string
}

type DB struct {
	commitMu sync.Mutex // serializes commits
	store    *Store
	index    *Index
}

// Safe: Commit and Compact both hold commitMu; the Store → Index order of
// applyLocked is taken only under it (its callers hold it on entry).
func (db *DB) Commit(k string, v int) {
	db.commitMu.Lock()
	defer db.commitMu.Unlock()
	db.applyLocked(k, v)
}

func (db *DB) Rollback(k string) {
	db.commitMu.Lock()
	db.applyLocked(k, 0)
	db.commitMu.Unlock()
}

func (db *DB) applyLocked(k string, v int) {
	db.store.mu.Lock()
	defer db.store.mu.Unlock()
	db.store.data[k] = v
	db.index.mu.Lock()
	db.index.keys = append(db.index.keys, k)
	db.index.mu.Unlock()
}

func (db *DB) Compact() {
	db.commitMu.Lock()
	defer db.commitMu.Unlock()
	db.index.mu.Lock()
	defer db.index.mu.Unlock()
	db.store.mu.Lock()
	db.index.keys = db.index.keys[:0]
	for k := range db.store.data {
		db.index.keys = append(db.index.keys, k)
	}
	db.store.mu.Unlock()
}

// Bad twin: one caller of the helper does not hold the gate.
type Journal struct {
	commitMu sync.Mutex
	store    *Store2
	index    *Index2
}

type Store2 struct {
	mu   sync.Mutex
	data map[string]int
}

type Index2 struct {
	mu   sync.Mutex
	keys []string
}

func (j *Journal) Commit(k string, v int) {
	j.commitMu.Lock()
	defer j.commitMu.Unlock()
	j.apply(k, v)
}

func (j *Journal) Replay(k string) {
	j.apply(k, 0) // no commitMu
}

func (j *Journal) apply(k string, v int) {
	j.store.mu.Lock()
	defer j.store.mu.Unlock()
	j.store.data[k] = v
	j.index.mu.Lock()
	j.index.keys = append(j.index.keys, k)
	j.index.mu.Unlock()
}

func (j *Journal) Compact() {
	j.commitMu.Lock()
	defer j.commitMu.Unlock()
	j.index.mu.Lock()
	defer j.index.mu.Unlock()
	j.store.mu.Lock() // want `lock-order inversion: Store2.mu acquired here while holding Index2.mu, but \(\*Journal\).apply acquires Index2.mu while holding Store2.mu`
	j.index.keys = j.index.keys[:0]
	j.store.mu.Unlock()
}
