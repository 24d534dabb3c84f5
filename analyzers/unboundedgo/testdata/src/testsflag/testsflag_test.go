package testsflag

import "testing"

// BAD with -unboundedgo.tests: a goroutine per fixture line.
func TestLines(t *testing.T) {
	for _, l := range fixtures() {
		go render(l) // want `goroutine started for every element of fixtures\(\) \(the result of fixtures\)`
	}
}

// SAFE twin: a table of constant size.
func TestTable(t *testing.T) {
	for _, l := range []string{"a", "b"} {
		go render(l)
	}
}

func fixtures() []string { return nil }
