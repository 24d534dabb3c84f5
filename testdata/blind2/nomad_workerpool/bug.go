// Package workerpool models a scheduler's evaluation worker pool. Shutdown
// first stops the collector goroutine that drains the unbuffered results
// channel and then waits on the workers' WaitGroup; any worker that finishes
// an evaluation after that point blocks forever sending its result, so
// Shutdown's Wait never returns.
package workerpool

import (
	"context"
	"sync"
	"time"
)

type Evaluation struct {
	ID          string
	JobID       string
	Namespace   string
	TriggeredBy string
}

type PlanResult struct {
	EvalID    string
	Allocs    int
	Err       error
	Completed time.Time
}

type Scheduler interface {
	Process(ctx context.Context, ev *Evaluation) (allocs int, err error)
}

type ResultSink interface {
	Ack(r PlanResult)
}

type WorkerPool struct {
	deps PoolDeps
	n    int
	now  func() time.Time

	evals   chan *Evaluation
	results chan PlanResult
	quit    chan struct{}
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
}

type PoolDeps struct {
	Scheduler Scheduler
	Sink      ResultSink
}

func NewWorkerPool(deps PoolDeps, workers int) *WorkerPool {
	ctx, cancel := context.WithCancel(context.Background())
	return &WorkerPool{
		deps:    deps,
		n:       workers,
		now:     time.Now,
		evals:   make(chan *Evaluation, workers),
		results: make(chan PlanResult),
		quit:    make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
	}
}

func (p *WorkerPool) Start() {
	for i := 0; i < p.n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	go p.collect()
}

// Submit must not be called concurrently with or after Shutdown.
func (p *WorkerPool) Submit(ev *Evaluation) {
	p.evals <- ev
}

func (p *WorkerPool) worker() {
	defer p.wg.Done()
	for ev := range p.evals {
		allocs, err := p.deps.Scheduler.Process(p.ctx, ev)
		p.results <- PlanResult{EvalID: ev.ID, Allocs: allocs, Err: err, Completed: p.now()} // WANT(goroutineleak)
	}
}

func (p *WorkerPool) collect() {
	for {
		select {
		case r := <-p.results:
			p.deps.Sink.Ack(r)
		case <-p.quit:
			return
		}
	}
}

func (p *WorkerPool) Shutdown() {
	close(p.quit)
	close(p.evals)
	p.wg.Wait() // WANT(goroutineleak)
	p.cancel()
}
