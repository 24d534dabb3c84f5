package chanmodel

import (
	"go/types"
	"sort"
	"strings"
	"testing"
)

const fieldsSrc = `package p

import "sync"

type Server struct {
	quit    chan struct{}
	events  chan int
	Out     chan int
	addr    chan int
	param   chan int
	handed  chan int
	wg      sync.WaitGroup
	cond    *sync.Cond
	mu      sync.Mutex
	once    sync.Once
	closed  bool
}

func register(p *chan int)

func New(ch chan int) *Server {
	s := &Server{quit: make(chan struct{}), events: make(chan int, 4), param: ch, handed: make(chan int)}
	s.cond = sync.NewCond(&s.mu)
	s.Out = make(chan int)
	register(&s.addr)
	s.goFunc(s.loop)
	return s
}

func (s *Server) goFunc(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Server) loop() {
	for {
		select {
		case <-s.quit:
			return
		case v := <-s.events:
			_ = v
		}
	}
}

func (s *Server) Events() <-chan int { return s.events }
func (s *Server) Handed() chan int   { return s.handed }

func (s *Server) Close() {
	s.once.Do(func() { close(s.quit) })
	s.wg.Wait()
}

func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.quit)
	}
	s.cond.Broadcast()
}
`

func TestFields(t *testing.T) {
	_, m := buildSrc(t, fieldsSrc)
	if m.Incomplete {
		t.Fatal("incomplete")
	}
	got := make(map[string]string)
	for _, f := range m.Fields {
		var kinds []string
		for _, o := range f.Ops {
			kinds = append(kinds, o.Kind.String())
		}
		sort.Strings(kinds)
		state := "known"
		if f.Unknown {
			state = "unknown"
		}
		if f.RecvOut {
			state += ",recvout"
		}
		got[f.Name()] = state + ":" + strings.Join(kinds, " ")
	}
	want := map[string]string{
		"Server.quit":   "known:close close make receive",
		"Server.events": "known,recvout:make receive",
		"Server.Out":    "unknown:make",
		"Server.addr":   "unknown:",
		"Server.param":  "unknown:assign",
		"Server.handed": "unknown:make",
		"Server.wg":     "known:Add Done Wait",
		"Server.cond":   "known:Broadcast make",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s = %q, want %q", name, got[name], w)
		}
	}

	// The goroutine started through the helper runs loop.
	var runsLoop bool
	for _, g := range m.Goroutines {
		for f := range m.Body(g) {
			if f.Name() == "loop" {
				runsLoop = true
			}
		}
	}
	if !runsLoop {
		t.Error("the goroutine started by goFunc does not run loop")
	}

	// Guards of the two closes of quit: a sync.Once, a flag.
	quit := m.Field(lookupType(t, m, "Server"), 0)
	if quit == nil {
		t.Fatal("no field quit")
	}
	var gs []Guard
	for _, o := range quit.OpsOf(FieldClose) {
		gs = append(gs, m.Guards(o))
		if m.Receiver(o.Base) == nil {
			t.Errorf("close at %v: base %v does not resolve to the receiver", o.Pos, o.Base)
		}
	}
	if len(gs) != 2 || gs[0]&GuardOnce == 0 || gs[1]&GuardFlag == 0 {
		t.Errorf("guards = %v, want [Once Flag]", gs)
	}
}

func lookupType(t *testing.T, m *Model, name string) types.Type {
	t.Helper()
	for _, f := range m.Fields {
		if n, ok := f.Key.Type.(*types.Named); ok && n.Obj().Name() == name {
			return n
		}
	}
	t.Fatalf("no type %s", name)
	return nil
}
