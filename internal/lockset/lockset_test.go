package lockset

import (
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// TestSummaries checks summaries (as facts) of functions exercising
// defers in branches, loops and closures, recover, Goexit, helpers.
func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "sums")
}

func key(i int, path string) Key { return Key{Base: BaseParam, Index: i, Path: path} }

func dj(held map[Key]Held, facts map[ssa.Value]bool) *disj {
	return &disj{held: held, facts: facts}
}

func TestJoinMust(t *testing.T) {
	mu, rw := key(0, ".mu"), key(0, ".rw")
	a := state{dj(map[Key]Held{mu: {Mode: Write}, rw: {Mode: Read}}, nil)}
	b := state{dj(map[Key]Held{mu: {Mode: Write}}, nil)}
	j := join(a, b)
	if len(j) != 2 {
		t.Fatalf("join kept %d disjuncts, want 2", len(j))
	}
	if _, ok := j.mustHeld(mu); !ok {
		t.Errorf("mu held on both sides must be must-held")
	}
	if _, ok := j.mustHeld(rw); ok {
		t.Errorf("rw held on one side must not be must-held")
	}
	if !j.mayHeld(rw) {
		t.Errorf("rw must be may-held")
	}
	// Join is idempotent and commutative on the lock state.
	if !equal(join(j, a), j) || !equal(join(b, a), j) {
		t.Errorf("join not idempotent/commutative")
	}
}

func TestJoinModes(t *testing.T) {
	mu := key(0, ".mu")
	a := state{dj(map[Key]Held{mu: {Mode: Write}}, nil)}
	b := state{dj(map[Key]Held{mu: {Mode: Read}}, nil)}
	h, ok := join(a, b).mustHeld(mu)
	if !ok || h.Mode != Mixed {
		t.Errorf("write ⊔ read = %v %v, want mixed held", h.Mode, ok)
	}
	c := state{dj(map[Key]Held{mu: {Mode: Maybe}}, nil)}
	if _, ok := join(a, c).mustHeld(mu); ok {
		t.Errorf("a maybe-held lock must not be must-held")
	}
}

func TestJoinFactsIntersect(t *testing.T) {
	mu := key(0, ".mu")
	c1, c2 := ssa.Value(&ssa.Parameter{}), ssa.Value(&ssa.Const{})
	a := state{dj(map[Key]Held{mu: {Mode: Write}}, map[ssa.Value]bool{c1: true, c2: true})}
	b := state{dj(map[Key]Held{mu: {Mode: Write}}, map[ssa.Value]bool{c1: true, c2: false})}
	j := join(a, b)
	if len(j) != 1 {
		t.Fatalf("same lock state must merge, got %d disjuncts", len(j))
	}
	if v, ok := j[0].facts[c1]; !ok || !v {
		t.Errorf("agreeing fact c1 lost")
	}
	if _, ok := j[0].facts[c2]; ok {
		t.Errorf("disagreeing fact c2 kept")
	}
	// Inputs are not mutated (copy-on-write).
	if len(a[0].facts) != 2 || len(b[0].facts) != 2 {
		t.Errorf("join mutated its inputs")
	}
}

func TestCollapse(t *testing.T) {
	mu := key(0, ".mu")
	var s state
	for i := 0; i <= maxDisjuncts; i++ {
		held := map[Key]Held{mu: {Mode: Write}, key(i+1, ""): {Mode: Write}}
		s = join(s, state{dj(held, nil)})
	}
	if len(s) != 1 {
		t.Fatalf("state of %d disjuncts not collapsed", len(s))
	}
	if _, ok := s.mustHeld(mu); !ok {
		t.Errorf("collapse lost a lock held on every path")
	}
	if len(s[0].held) != 1 {
		t.Errorf("collapse kept locks held on some paths only: %v", s[0].held)
	}
}

func TestMustReleased(t *testing.T) {
	mu := key(0, ".mu")
	a := state{&disj{released: map[Key]token.Pos{mu: 1}}}
	b := state{&disj{released: map[Key]token.Pos{mu: 2}, held: map[Key]Held{key(1, ""): {Mode: Write}}}}
	if _, ok := join(a, b).mustReleased(mu); !ok {
		t.Errorf("released on both paths must be must-released")
	}
	c := state{&disj{}}
	if _, ok := join(a, c).mustReleased(mu); ok {
		t.Errorf("released on one path must not be must-released")
	}
}

// heldProbe reports the held set at each channel send.
var heldProbe = &analysis.Analyzer{
	Name:     "heldprobe",
	Doc:      "test helper: reports lockset.Result.HeldAt at sends",
	Requires: []*analysis.Analyzer{Analyzer, buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[Analyzer].(*Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					send, ok := instr.(*ssa.Send)
					if !ok {
						continue
					}
					var parts []string
					for _, h := range res.HeldAt(send) {
						parts = append(parts, h.Name+" "+h.Mode.String())
					}
					if len(parts) == 0 {
						parts = []string{"none"}
					}
					pass.Reportf(send.Pos(), "held: %s", strings.Join(parts, ", "))
				}
			}
		}
		return nil, nil
	},
}

// TestHeldAt checks the per-instruction must-held sets, including the
// correlated-branch unlock and a lock helper.
func TestHeldAt(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), heldProbe, "held")
}

// entryProbe reports lockset.Result.HeldOnEntry at each function that has
// locks held on entry.
var entryProbe = &analysis.Analyzer{
	Name:     "entryprobe",
	Doc:      "test helper: reports lockset.Result.HeldOnEntry",
	Requires: []*analysis.Analyzer{Analyzer, buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[Analyzer].(*Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			var parts []string
			for _, h := range res.HeldOnEntry(fn) {
				parts = append(parts, h.Name+" "+h.Mode.String())
			}
			if len(parts) > 0 {
				pass.Reportf(fn.Pos(), "entry: %s", strings.Join(parts, ", "))
			}
		}
		return nil, nil
	},
}

// TestHeldOnEntry checks the locks every caller holds: helpers, chains,
// closures called in place, and the functions whose callers are unknown.
func TestHeldOnEntry(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), entryProbe, "entry")
}
