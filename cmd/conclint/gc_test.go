package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestRelaxGC: once the live heap passes the threshold, the memory limit
// is lifted and GOGC lowered.
func TestRelaxGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(vetGCPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(vetMemoryLimit))

	keep := make([]byte, 16<<20)
	runtime.GC()
	done := make(chan struct{})
	go func() {
		relaxGC(8<<20, time.Millisecond)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("relaxGC did not return with 16 MiB live and a threshold of 8 MiB")
	}
	runtime.KeepAlive(keep)
	if p := debug.SetGCPercent(relaxedGCPercent); p != relaxedGCPercent {
		t.Errorf("GOGC = %d after relaxGC, want %d", p, relaxedGCPercent)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit = %d after relaxGC, want none", l)
	}
}
