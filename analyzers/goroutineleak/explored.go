package goroutineleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/internal/explore"
)

// The interleaving explorer (internal/explore) finds deadlocks of this
// analyzer's hazard by running the goroutines a function starts under
// many schedules; with -goroutineleak.explore they are reported here, beside the
// pattern checks, except where a pattern report already names the blocked
// operation.
func init() {
	explore.AddFlag(Analyzer, false)
	Analyzer.Requires = append(Analyzer.Requires, explore.Analyzer)
}

// explored records this run's reports and returns the function that adds
// the explorer's (see explore.Hook).
func explored(pass *analysis.Pass) func() { return explore.Hook(pass, "goroutineleak") }
