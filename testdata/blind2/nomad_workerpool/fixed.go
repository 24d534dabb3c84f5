package workerpool

import (
	"context"
	"sync"
	"time"
)

type WorkerPoolFixed struct {
	deps PoolDeps
	n    int
	now  func() time.Time

	evals         chan *Evaluation
	results       chan PlanResult
	collectorDone chan struct{}
	wg            sync.WaitGroup
	ctx           context.Context
	cancel        context.CancelFunc
}

func NewWorkerPoolFixed(deps PoolDeps, workers int) *WorkerPoolFixed {
	ctx, cancel := context.WithCancel(context.Background())
	return &WorkerPoolFixed{
		deps:          deps,
		n:             workers,
		now:           time.Now,
		evals:         make(chan *Evaluation, workers),
		results:       make(chan PlanResult),
		collectorDone: make(chan struct{}),
		ctx:           ctx,
		cancel:        cancel,
	}
}

func (p *WorkerPoolFixed) Start() {
	for i := 0; i < p.n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	go p.collect()
}

// Submit must not be called concurrently with or after Shutdown.
func (p *WorkerPoolFixed) Submit(ev *Evaluation) {
	p.evals <- ev
}

func (p *WorkerPoolFixed) worker() {
	defer p.wg.Done()
	for ev := range p.evals {
		allocs, err := p.deps.Scheduler.Process(p.ctx, ev)
		p.results <- PlanResult{EvalID: ev.ID, Allocs: allocs, Err: err, Completed: p.now()}
	}
}

func (p *WorkerPoolFixed) collect() {
	defer close(p.collectorDone)
	for r := range p.results {
		p.deps.Sink.Ack(r)
	}
}

func (p *WorkerPoolFixed) Shutdown() {
	close(p.evals)
	p.wg.Wait()
	close(p.results)
	<-p.collectorDone
	p.cancel()
}
