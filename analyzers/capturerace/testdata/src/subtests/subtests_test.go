package subtests

import "testing"

func check(t *testing.T, name string) bool { return name != "" }

// Safe twin: t.Run runs the subtest on a goroutine of its own but waits
// for it (unless the subtest calls t.Parallel).
func TestCount(t *testing.T) {
	n := 0
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			if check(t, name) {
				n++
			}
		})
	}
	if n != 2 {
		t.Fatalf("n = %d", n)
	}
}
