package doublelock

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/internal/analyzerdoc"
	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/suppress"
)

//go:embed doc.go
var doc string

// Analyzer reports locks acquired while already held.
var Analyzer = &analysis.Analyzer{
	Name:     "doublelock",
	Doc:      analyzerdoc.MustExtract(doc, "doublelock"),
	URL:      analyzerdoc.URL("doublelock"),
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run:      suppress.Run(run),
}

// Categories, one per sub-kind.
const (
	catDirect        = "doublelock"      // Lock while held, in one function
	catCall          = "doublelock-call" // a callee locks what the caller holds
	catRecursiveRead = "recursive-rlock" // RLock while read-locked
)

func run(pass *analysis.Pass) (any, error) {
	defer explored(pass)()
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	for _, ev := range res.Events {
		var cat string
		switch ev.Kind {
		case lockset.DoubleLock:
			cat = catDirect
		case lockset.DoubleLockCall:
			cat = catCall
		case lockset.RecursiveRead:
			cat = catRecursiveRead
		default:
			continue // missingunlock's events
		}
		if !ev.Pos.IsValid() {
			continue
		}
		pass.Report(ev.Diagnostic(cat))
	}
	return nil, nil
}
