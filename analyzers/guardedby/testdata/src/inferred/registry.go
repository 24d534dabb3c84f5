package inferred

import "sync"

// grpc's channelz: a channel's trace events are appended under the trace's
// own lock, and every appender also holds the registry lock; the copy made
// for a query holds only the registry lock, which orders it as well.
var chanDB struct {
	mu     sync.RWMutex
	traces map[int]*chanTrace
}

type chanTrace struct {
	mu     sync.Mutex
	events []string
	num    int
}

func (t *chanTrace) add(e string) {
	t.mu.Lock()
	t.events = append(t.events, e)
	t.num++
	t.mu.Unlock()
}

func (t *chanTrace) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events[len(t.events)-1]
}

func (t *chanTrace) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.events)
}

func (t *chanTrace) copy() []string {
	return append([]string(nil), t.events...)
}

func TraceEvent(id int, e string) {
	chanDB.mu.Lock()
	defer chanDB.mu.Unlock()
	if t := chanDB.traces[id]; t != nil {
		t.add(e)
	}
}

func Trace(id int) []string {
	chanDB.mu.RLock()
	defer chanDB.mu.RUnlock()
	if t := chanDB.traces[id]; t != nil {
		return t.copy()
	}
	return nil
}

// The bad twin: an appender that does not hold the registry lock, so the
// copy under the registry lock alone races with it.
type chanTrace2 struct {
	mu     sync.Mutex
	events []string
}

func (t *chanTrace2) add(e string) {
	t.mu.Lock()
	t.events = append(t.events, e)
	t.mu.Unlock()
}

func (t *chanTrace2) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events[len(t.events)-1]
}

func (t *chanTrace2) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.events)
}

func (t *chanTrace2) copy() []string {
	return append([]string(nil), t.events...) // want `t.events is read without t.mu: accessed with t.mu held in 3 of 4 places`
}

var chanDB2 struct {
	mu     sync.RWMutex
	traces map[int]*chanTrace2
}

func TraceEvent2(id int, e string) {
	chanDB2.mu.RLock()
	t := chanDB2.traces[id]
	chanDB2.mu.RUnlock()
	if t != nil {
		t.add(e)
	}
}

func Trace2(id int) []string {
	chanDB2.mu.RLock()
	defer chanDB2.mu.RUnlock()
	if t := chanDB2.traces[id]; t != nil {
		return t.copy()
	}
	return nil
}
