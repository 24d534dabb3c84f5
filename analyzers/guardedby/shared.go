package guardedby

// This file holds the sub-checks about state shared with goroutines that
// no lock claims: package variables read by a goroutine of the package,
// lazy initialisation, maps and slices used after the lock is released.

func (pc *passCtx) checkGlobals()    {}
func (pc *passCtx) checkLazyInit()   {}
func (pc *passCtx) checkRangeAfter() {}
