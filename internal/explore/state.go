package explore

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A state is one point of the exploration: every goroutine's stack, the
// abstract heap, the sync primitives' states and the symbols' constraints.
// States are copy-on-write: clone copies the tables of pointers, and a
// goroutine, frame or object is copied the first time a state that does not
// own it writes to it (owner tags).
type state struct {
	gs      []*goroutine
	objs    []*object   // by id; objs[0] is unused
	escaped []int32     // objects unknown code can reach (sorted, no duplicates)
	syms    []symCons   // by symbol id; syms[0] is unused
	derived []derived   // symbols derived from others (len, cap)
	globals []globalObj // package variables used so far, and their objects
	trace   *step       // the last step of the path that led here (not hashed)
	// approx is set once the path took a choice on unknown data that is
	// not real nondeterminism (a field written by unknown code, a value
	// read from a stream): the path may be infeasible, so no finding is
	// reported from it (not hashed; a property of the path).
	approx bool
	// pending lists goroutines started during the current transition that
	// still have to be settled (transient, always empty between steps).
	pending []int
}

// goroutine is one goroutine of the state.
type goroutine struct {
	owner  *state
	id     int
	frames []*frame
	status gstatus
	// wait is what a goroutine parked outside an instruction waits for:
	// the cond it waits on (wCond) or the lock it must take again (wRelock),
	// or the writer queue it joined (wQueued).
	wait     waitKind
	waitObj  int32
	waitPath string
	waitPos  token.Pos
	start    token.Pos     // the go statement (or the entry function)
	startFn  *ssa.Function // the function the goroutine runs
	spawner  int           // the goroutine that started it (-1 for the entry)
	// pend is the one operation of a goroutine started directly on a
	// sync operation or cancel function (go cancel()).
	pend *pendingCall
	// the lock a goroutine signalled in Cond.Wait must take again
	lockv    value
	lockRead bool
	// visibleOps counts the visible operations it executed (not hashed):
	// loop bounds distinguish iterations that synchronised.
	visibleOps int
	spawned    int // goroutines it started (not hashed)
}

type gstatus uint8

const (
	gRunning gstatus = iota // positioned at a visible operation
	gDone                   // returned
	gPaused                 // the model stopped following it (loop bound, budget): alive, never blocked
)

type waitKind uint8

const (
	wNone   waitKind = iota
	wCond            // parked in Cond.Wait until signalled
	wRelock          // signalled: re-acquiring the Cond's lock
	wQueued          // queued as a writer on an RWMutex (blocks new readers)
)

// frame is one activation.
type frame struct {
	owner  *state
	fn     *ssa.Function
	info   *funcInfo
	block  int
	pc     int
	env    []value
	defers []deferred
	loops  map[int]loopCount // header block → iterations (not hashed)
	ret    retHook
	// resultTo is the index in the caller's env that receives the result
	// (-1: discarded).
	resultTo int
}

// loopCount counts the iterations of one loop of a frame: all of them, and
// those that did synchronisation (the goroutine's visibleOps changed).
type loopCount struct {
	all, syncd  int
	lastVisible int
	lastSpawned int
	spawning    bool // an iteration started a goroutine
	// constant: the loop's exit test was decided by constants (a counted
	// loop); it may run longer
	constant bool
}

// retHook says what happens when a frame returns, beyond handing back
// its result.
type retHook struct {
	kind hookKind
	obj  int32
	path string
}

type hookKind uint8

const (
	hookNone      hookKind = iota
	hookOnceDone           // mark the sync.Once at (obj, path) done
	hookWGDone             // call Done on the WaitGroup at (obj, path) (WaitGroup.Go)
	hookRunDefers          // the frame is a deferred call: resume the caller's RunDefers
)

// deferred is a pending deferred call with its operands evaluated.
type deferred struct {
	spec callSpec
}

// object is a heap cell tree: an allocation, a channel, a map, a context.
type object struct {
	owner *state
	id    int32
	typ   types.Type // the type of root
	root  value
	site  token.Pos // where it was made
	what  string    // how to name it in messages ("s.mu"), best effort
	// exactly one of the following may be set, for reference objects
	ch    *chanState
	mp    *mapState
	ctx   *ctxState
	syncs map[string]*syncState // sync primitives inside root, by path
	// global objects are shared with unknown code from the start.
	global bool
}

// chanState is a channel.
type chanState struct {
	cap    int64 // -1: unknown capacity (never blocks a sender)
	buf    []value
	closed bool
	// env channels are fed by the environment (timers, contexts with a
	// deadline or an unknown parent): a receive may complete at any time.
	env bool
}

// mapState is a map with the entries whose keys are known.
type mapState struct {
	keys, vals []value
	incomplete bool // some key is unknown: lookups of absent keys are unknown
}

// ctxState is a context made by context.WithCancel and friends.
type ctxState struct {
	done   int32 // channel object closed on cancellation
	parent int32 // parent context object, 0 for none
}

// syncState is a mutex, RWMutex, WaitGroup, Once or Cond.
type syncState struct {
	writer  int   // goroutine holding the write lock, -1 none
	readers []int // goroutines holding read locks (multiset, sorted)
	queued  []int // writers queued on an RWMutex (sorted)
	// where the current holders took it, for reports (not hashed)
	heldAt  map[int]lockSite
	count   int64 // WaitGroup counter (or an atomic variable's value)
	unknown bool  // the counter is unknown (added an unknown amount)
	// handoff: a goroutine unlocked it while another held it (a lock used
	// as a semaphore): anyone who can reach it may release it
	handoff bool
	once    uint8 // 0 not run, 1 running, 2 done
	waiters []int // goroutines parked in Cond.Wait (FIFO)
}

// lockSite is where a holder took a lock and the lock's name there.
type lockSite struct {
	pos  token.Pos
	name string
}

func newSync() *syncState { return &syncState{writer: -1} }

func (s *syncState) clone() *syncState {
	c := *s
	c.readers = slices.Clone(s.readers)
	c.queued = slices.Clone(s.queued)
	c.waiters = slices.Clone(s.waiters)
	if s.heldAt != nil {
		c.heldAt = make(map[int]lockSite, len(s.heldAt))
		for k, v := range s.heldAt {
			c.heldAt[k] = v
		}
	}
	return &c
}

func (s *syncState) held() bool { return s.writer >= 0 || len(s.readers) > 0 }

// symCons is what a path knows about a symbol: an integer interval and
// whether it is nil.
type symCons struct {
	lo, hi int64 // inclusive bounds for integers
	isNil  int8  // 0 unknown, 1 nil, -1 non-nil
	// benign: the symbol is real nondeterminism (a call's error or
	// boolean result, a random number, the length of an unknown
	// collection, an entry's parameter); a choice on any other unknown
	// data may be infeasible (see state.approx)
	benign bool
}

// clone returns a copy of s that shares every goroutine, frame and object
// with s until one of them is written.
func (s *state) clone() *state {
	c := &state{
		gs:      slices.Clone(s.gs),
		objs:    slices.Clone(s.objs),
		escaped: slices.Clone(s.escaped),
		syms:    slices.Clone(s.syms),
		derived: slices.Clone(s.derived),
		globals: slices.Clone(s.globals),
		trace:   s.trace,
		approx:  s.approx,
	}
	return c
}

// g returns goroutine i for writing.
func (s *state) g(i int) *goroutine {
	g := s.gs[i]
	if g.owner != s {
		c := *g
		c.owner = s
		c.frames = slices.Clone(g.frames)
		s.gs[i] = &c
		g = &c
	}
	return g
}

// top returns the top frame of goroutine i for writing.
func (s *state) top(i int) *frame {
	g := s.g(i)
	n := len(g.frames) - 1
	f := g.frames[n]
	if f.owner != s {
		c := *f
		c.owner = s
		c.env = slices.Clone(f.env)
		c.defers = slices.Clone(f.defers)
		if f.loops != nil {
			c.loops = make(map[int]loopCount, len(f.loops))
			for k, v := range f.loops {
				c.loops[k] = v
			}
		}
		g.frames[n] = &c
		f = &c
	}
	return f
}

// obj returns object id for writing.
func (s *state) obj(id int32) *object {
	o := s.objs[id]
	if o.owner != s {
		c := *o
		c.owner = s
		if o.ch != nil {
			ch := *o.ch
			ch.buf = slices.Clone(o.ch.buf)
			c.ch = &ch
		}
		if o.mp != nil {
			mp := *o.mp
			mp.keys = slices.Clone(o.mp.keys)
			mp.vals = slices.Clone(o.mp.vals)
			c.mp = &mp
		}
		if o.ctx != nil {
			x := *o.ctx
			c.ctx = &x
		}
		if o.syncs != nil {
			c.syncs = make(map[string]*syncState, len(o.syncs))
			for k, v := range o.syncs {
				c.syncs[k] = v // cloned on write by syncw
			}
		}
		s.objs[id] = &c
		o = &c
	}
	return o
}

// syncr returns the sync state at (obj, path) for reading (a fresh one if
// the primitive was never used).
func (s *state) syncr(id int32, path string) *syncState {
	if id <= 0 || int(id) >= len(s.objs) {
		return newSync()
	}
	if st := s.objs[id].syncs[path]; st != nil {
		return st
	}
	return newSync()
}

// syncw returns the sync state at (obj, path) for writing.
func (s *state) syncw(id int32, path string) *syncState {
	o := s.obj(id)
	if o.syncs == nil {
		o.syncs = make(map[string]*syncState)
	}
	st := o.syncs[path]
	if st == nil {
		st = newSync()
	} else {
		st = st.clone()
	}
	o.syncs[path] = st
	return st
}

// newObj allocates an object.
func (s *state) newObj(typ types.Type, root value, site token.Pos) *object {
	id := int32(len(s.objs))
	if id == 0 {
		s.objs = append(s.objs, nil)
		id = 1
	}
	o := &object{owner: s, id: id, typ: typ, root: root, site: site}
	s.objs = append(s.objs, o)
	return o
}

// escape records that unknown code can reach the objects v refers to.
func (s *state) escape(v value) {
	var ids []int32
	refs(v, func(id int32) { ids = append(ids, id) })
	for _, id := range ids {
		if i, found := slices.BinarySearch(s.escaped, id); !found {
			s.escaped = slices.Insert(s.escaped, i, id)
		}
	}
}

// refs calls f for every object v refers to directly.
func refs(v value, f func(int32)) {
	switch v.k {
	case kPtr, kChan, kMap, kSlice:
		if v.obj > 0 {
			f(v.obj)
		}
	case kSpecial:
		if v.obj > 0 {
			f(v.obj)
		}
	}
	for _, x := range v.sub {
		refs(x, f)
	}
}

// newSym returns a fresh unknown value with a symbol.
func (s *state) newSym() value {
	if len(s.syms) == 0 {
		s.syms = append(s.syms, symCons{})
	}
	id := int32(len(s.syms))
	s.syms = append(s.syms, symCons{lo: minInt, hi: maxInt})
	return value{k: kUnknown, sym: id}
}

const (
	minInt = -1 << 62
	maxInt = 1 << 62
)

// step is one step of a trace, linked to its predecessor.
type step struct {
	prev *step
	g    int
	pos  token.Pos
	text string
	n    int // length of the trace up to and including this step
}

func (s *state) addStep(g int, pos token.Pos, text string) {
	n := 1
	if s.trace != nil {
		n = s.trace.n + 1
	}
	s.trace = &step{prev: s.trace, g: g, pos: pos, text: text, n: n}
}

// derived names the symbol for len (or cap) of the value of symbol of.
type derived struct {
	of, sym int32
	isCap   bool
}

// derivedSym returns the symbol for len(x) or cap(x) of the unknown value
// with symbol of, the same one every time, so two loops over one unknown
// slice run equally often.
func (s *state) derivedSym(of int32, isCap bool) value {
	for _, d := range s.derived {
		if d.of == of && d.isCap == isCap {
			return value{k: kUnknown, sym: d.sym}
		}
	}
	v := s.newSym()
	s.syms[v.sym] = symCons{lo: 0, hi: maxInt, benign: true}
	s.derived = append(s.derived, derived{of: of, sym: v.sym, isCap: isCap})
	return v
}

// mark adds to r every object reachable from v.
func (s *state) mark(r map[int32]bool, v value) {
	refs(v, func(id int32) { s.markObj(r, id) })
}

// markObj adds object id and everything reachable from it to r.
func (s *state) markObj(r map[int32]bool, id int32) {
	if id <= 0 || int(id) >= len(s.objs) || r[id] {
		return
	}
	r[id] = true
	o := s.objs[id]
	s.mark(r, o.root)
	if o.ch != nil {
		for _, v := range o.ch.buf {
			s.mark(r, v)
		}
	}
	if o.mp != nil {
		for i := range o.mp.keys {
			s.mark(r, o.mp.keys[i])
			s.mark(r, o.mp.vals[i])
		}
	}
	if o.ctx != nil {
		// cancelling a context closes its children's done channels too
		s.markObj(r, o.ctx.done)
		s.markObj(r, o.ctx.parent)
		for cid, c := range s.objs {
			if c != nil && c.ctx != nil && c.ctx.parent == id {
				s.markObj(r, int32(cid))
			}
		}
	}
}

// globalObj is the object of a package variable.
type globalObj struct {
	g  *ssa.Global
	id int32
}

// global returns the object of package variable g, made on first use. A
// global is shared with unknown code from the start; its content is
// unknown until the path writes it.
func (s *state) global(g *ssa.Global) int32 {
	for _, e := range s.globals {
		if e.g == g {
			return e.id
		}
	}
	o := s.newObj(deref(g.Type()), unknown, g.Pos())
	o.global = true
	o.what = g.Name()
	s.globals = append(s.globals, globalObj{g, o.id})
	s.escaped = insertSorted32(s.escaped, o.id)
	return o.id
}

// unknownReaches reports whether unknown code can reach object id (it
// escaped, or is reachable from what escaped): then it may have changed
// it, e.g. put entries in a map (a callback handed to unknown code fills
// it).
func (s *state) unknownReaches(id int32) bool {
	r := make(map[int32]bool)
	for _, e := range s.escaped {
		s.markObj(r, e)
		if r[id] {
			return true
		}
	}
	return false
}

// globalOf returns the package variable of object id, nil for none.
func (s *state) globalOf(id int32) *ssa.Global {
	for _, e := range s.globals {
		if e.id == id {
			return e.g
		}
	}
	return nil
}

func insertSorted32(xs []int32, x int32) []int32 {
	i, found := slices.BinarySearch(xs, x)
	if found {
		return xs
	}
	return slices.Insert(xs, i, x)
}

// benignSym returns a fresh symbol for real nondeterminism.
func (s *state) benignSym() value {
	v := s.newSym()
	s.syms[v.sym].benign = true
	return v
}
