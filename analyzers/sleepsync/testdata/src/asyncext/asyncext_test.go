package asyncext_test

import (
	"testing"
	"time"

	"asyncext"
)

type fakeLoader struct{ calls int }

func (f *fakeLoader) Load() map[string]string {
	f.calls++
	return map[string]string{"a": "1"}
}

func TestRefresh(t *testing.T) {
	l := &fakeLoader{}
	c := asyncext.New(l)
	c.Refresh()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: l.calls, written by the goroutine started by c.Refresh at line \d+, is read at line \d+ without waiting for it \(only the sleep lets it finish\)`
	if l.calls != 1 {
		t.Fatalf("calls = %d", l.calls)
	}
}

func TestRefreshGet(t *testing.T) {
	c := asyncext.New(&fakeLoader{})
	c.Refresh()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: c.entries, written by the goroutine started by c.Refresh at line \d+`
	if got := c.Get("a"); got != "1" {
		t.Fatalf("got %q", got)
	}
}

// Safe twin: the test waits for the reload.
func TestRefreshLoaded(t *testing.T) {
	l := &fakeLoader{}
	c := asyncext.New(l)
	c.Refresh()
	<-c.Loaded()
	if got := c.Get("a"); got != "1" {
		t.Fatalf("got %q", got)
	}
}
