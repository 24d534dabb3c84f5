package missingunlock

import (
	_ "embed"

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

// Categories, one per sub-kind.
const (
	catReturn       = "held-at-return" // a return keeps a lock other returns release
	catDoubleUnlock = "double-unlock"  // Unlock of an already unlocked lock
	catLoop         = "loop-relock"    // lock held at a loop's back edge, locked again
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	for _, ev := range res.Events {
		var cat string
		switch ev.Kind {
		case lockset.HeldAtReturn:
			cat = catReturn
		case lockset.DoubleUnlock:
			cat = catDoubleUnlock
		case lockset.LoopRelock:
			cat = catLoop
		default:
			continue // doublelock's events
		}
		if !ev.Pos.IsValid() {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos:      ev.Pos,
			End:      ev.End,
			Category: cat,
			Message:  ev.Message,
			Related:  ev.Related,
		})
	}
	return nil, nil
}
