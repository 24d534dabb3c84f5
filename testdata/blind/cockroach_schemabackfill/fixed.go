package cockroachschemabackfill

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SchemaChangerFixed runs index-creation jobs.
type SchemaChangerFixed struct {
	mu   sync.Mutex
	jobs map[JobID]*job

	backfiller Backfiller
	registry   JobRegistry
	now        func() time.Time
}

// NewSchemaChangerFixed returns a changer.
func NewSchemaChangerFixed(b Backfiller, r JobRegistry) *SchemaChangerFixed {
	return &SchemaChangerFixed{jobs: make(map[JobID]*job), backfiller: b, registry: r, now: time.Now}
}

// Submit registers a job and starts it.
func (sc *SchemaChangerFixed) Submit(ctx context.Context, id JobID, table, index string) {
	sc.mu.Lock()
	sc.jobs[id] = &job{id: id, table: table, index: index, state: statePending, updated: sc.now()}
	sc.mu.Unlock()
	go sc.runJob(ctx, id)
}

// runJob never holds the mutex while waiting for the backfill: it updates
// state, releases the lock, waits, and re-acquires the lock to record the
// outcome. Each job gets its own result channel.
func (sc *SchemaChangerFixed) runJob(ctx context.Context, id JobID) {
	sc.mu.Lock()
	j, ok := sc.jobs[id]
	if !ok {
		sc.mu.Unlock()
		return
	}
	j.state = stateBackfilling
	j.updated = sc.now()
	table, index := j.table, j.index
	sc.mu.Unlock()

	done := make(chan backfillResult, 1)
	go sc.backfill(ctx, id, table, index, done)
	res := <-done

	sc.mu.Lock()
	defer sc.mu.Unlock()
	if res.err != nil {
		j.state = stateFailed
		j.err = fmt.Errorf("backfilling %s@%s: %w", table, index, res.err)
		return
	}
	j.state = stateValidating
	j.updated = sc.now()
}

func (sc *SchemaChangerFixed) backfill(ctx context.Context, id JobID, table, index string, done chan<- backfillResult) {
	rows, err := sc.backfiller.BackfillIndex(ctx, table, index)
	sc.mu.Lock()
	if j, ok := sc.jobs[id]; ok {
		j.rowsBackfilled = rows
		j.updated = sc.now()
	}
	sc.mu.Unlock()
	_ = sc.registry.UpdateProgress(ctx, id, 0.9)
	done <- backfillResult{id: id, rows: rows, err: err}
}

// Status returns a job's state.
func (sc *SchemaChangerFixed) Status(id JobID) (string, int64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	j, ok := sc.jobs[id]
	if !ok {
		return "unknown", 0
	}
	return [...]string{"pending", "backfilling", "validating", "succeeded", "failed"}[j.state], j.rowsBackfilled
}
