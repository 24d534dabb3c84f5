package missingunlock

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	_ "embed"
	"github.com/conclint/conclint/internal/syncapi"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/lockset"
)

//go:embed doc.go
var doc string

// Analyzer reports locks not released on some path.
var Analyzer = &analysis.Analyzer{
	Name:     "missingunlock",
	Doc:      analyzerdoc.MustExtract(doc, "missingunlock"),
	URL:      analyzerdoc.URL("missingunlock"),
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run:      run,
}

func init() {
	Analyzer.Flags.BoolVar(new(bool), "unlocknotheld", false,
		"also report an Unlock of a lock that the function locks on some paths but not on the path reaching the Unlock (off by default: conditions that are equal but computed twice are not recognised as correlated)")
}

// config is the per-pass copy of the flags.
type config struct {
	unlockNotHeld bool
}

// Categories, one per sub-kind.
const (
	catReturn       = "held-at-return"   // a return keeps a lock other returns release
	catDoubleUnlock = "double-unlock"    // Unlock of an already unlocked lock
	catLoop         = "loop-relock"      // lock held at a loop's back edge, locked again
	catBackEdge     = "held-at-continue" // an iteration ends with a lock other iterations release
	catBreak        = "held-at-break"    // a break/goto leaves a loop with a lock its other exits release
	catNotHeld      = "unlock-not-held"  // Unlock of a lock locked on some paths only (flag)
)

func run(pass *analysis.Pass) (any, error) {
	cfg := config{}
	if f := pass.Analyzer.Flags.Lookup("unlocknotheld"); f != nil {
		cfg.unlockNotHeld = f.Value.String() == "true"
	}
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	for _, ev := range res.Events {
		var cat string
		switch ev.Kind {
		case lockset.HeldAtReturn:
			if afterTestFailure(ev.Fn, ev.Pos) {
				// A lock left held on the path where a test has just
				// failed (t.Errorf(...); return) is the test's debris,
				// not a hazard a reviewer would fix; goroutineleak
				// makes the same exemption for leaks after t.Error.
				continue
			}
			cat = catReturn
		case lockset.DoubleUnlock:
			cat = catDoubleUnlock
		case lockset.LoopRelock:
			cat = catLoop
		case lockset.HeldAtBackEdge:
			cat = catBackEdge
		case lockset.HeldAtBreak:
			cat = catBreak
		case lockset.UnlockNotHeld:
			if !cfg.unlockNotHeld {
				continue
			}
			cat = catNotHeld
		default:
			continue // doublelock's events
		}
		if !ev.Pos.IsValid() {
			continue
		}
		pass.Report(ev.Diagnostic(cat))
	}
	return nil, nil
}

// afterTestFailure reports whether the return of fn at pos is reached only
// through a straight-line run of blocks (each with one predecessor) that
// marks the test failed (t.Error, t.Errorf, t.Fail) before returning.
func afterTestFailure(fn *ssa.Function, pos token.Pos) bool {
	if fn == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ret, ok := instr.(*ssa.Return); ok && ret.Pos() == pos {
				for seen := 0; b != nil && seen < len(fn.Blocks); seen++ {
					for _, in := range b.Instrs {
						if call, ok := in.(ssa.CallInstruction); ok && syncapi.IsTestFailureCall(call.Common()) {
							return true
						}
					}
					if len(b.Preds) != 1 {
						break
					}
					b = b.Preds[0]
				}
				return false
			}
		}
	}
	return false
}
