// Package cockroachschemabackfill models a schema changer whose job goroutine
// holds the changer mutex while it waits for the backfill goroutine's result
// on a channel. The backfill goroutine records its progress under the same
// mutex before sending that result, so both goroutines block forever.
package cockroachschemabackfill

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// JobID identifies a schema change job.
type JobID int64

type jobState int

const (
	statePending jobState = iota
	stateBackfilling
	stateValidating
	stateSucceeded
	stateFailed
)

type job struct {
	id             JobID
	table          string
	index          string
	state          jobState
	rowsBackfilled int64
	err            error
	updated        time.Time
}

// Backfiller writes index entries for existing rows.
type Backfiller interface {
	BackfillIndex(ctx context.Context, table, index string) (rows int64, err error)
}

// JobRegistry persists job progress.
type JobRegistry interface {
	UpdateProgress(ctx context.Context, id JobID, fraction float32) error
}

type backfillResult struct {
	id   JobID
	rows int64
	err  error
}

// SchemaChanger runs index-creation jobs.
type SchemaChanger struct {
	mu   sync.Mutex
	jobs map[JobID]*job

	backfillDone chan backfillResult
	backfiller   Backfiller
	registry     JobRegistry
	now          func() time.Time
}

// NewSchemaChanger returns a changer.
func NewSchemaChanger(b Backfiller, r JobRegistry) *SchemaChanger {
	return &SchemaChanger{jobs: make(map[JobID]*job), backfillDone: make(chan backfillResult), backfiller: b, registry: r, now: time.Now}
}

// Submit registers a job and starts it.
func (sc *SchemaChanger) Submit(ctx context.Context, id JobID, table, index string) {
	sc.mu.Lock()
	sc.jobs[id] = &job{id: id, table: table, index: index, state: statePending, updated: sc.now()}
	sc.mu.Unlock()
	go sc.runJob(ctx, id)
}

func (sc *SchemaChanger) runJob(ctx context.Context, id JobID) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	j, ok := sc.jobs[id]
	if !ok {
		return
	}
	j.state = stateBackfilling
	j.updated = sc.now()
	go sc.backfill(ctx, j.id, j.table, j.index)

	res := <-sc.backfillDone // WANT(goroutineleak)
	if res.err != nil {
		j.state = stateFailed
		j.err = fmt.Errorf("backfilling %s@%s: %w", j.table, j.index, res.err)
		return
	}
	j.state = stateValidating
	j.updated = sc.now()
}

func (sc *SchemaChanger) backfill(ctx context.Context, id JobID, table, index string) {
	rows, err := sc.backfiller.BackfillIndex(ctx, table, index)
	sc.mu.Lock()
	if j, ok := sc.jobs[id]; ok {
		j.rowsBackfilled = rows
		j.updated = sc.now()
	}
	sc.mu.Unlock()
	_ = sc.registry.UpdateProgress(ctx, id, 0.9)
	sc.backfillDone <- backfillResult{id: id, rows: rows, err: err}
}

// Status returns a job's state.
func (sc *SchemaChanger) Status(id JobID) (string, int64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	j, ok := sc.jobs[id]
	if !ok {
		return "unknown", 0
	}
	return [...]string{"pending", "backfilling", "validating", "succeeded", "failed"}[j.state], j.rowsBackfilled
}
