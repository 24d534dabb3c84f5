package server

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// echoBackend answers every key with "v-" + key.
type echoBackend struct{}

func (echoBackend) Lookup(ctx context.Context, key string) (string, error) {
	return "v-" + key, nil
}

// TestLookupInBackground serves one lookup on a goroutine, as a client
// would, and checks the response body.
func TestLookupInBackground(t *testing.T) {
	s := New(echoBackend{}, time.Second)
	var bodies []string
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/lookup?key=a", nil))
		bodies = append(bodies, rec.Body.String())
	}()
	time.Sleep(100 * time.Millisecond) // WRONG(sleepsync): sleeps instead of waiting for the goroutine that fills bodies
	if !slices.Equal(bodies, []string{"v-a\n"}) {
		t.Errorf("bodies = %q", bodies)
	}
}

// RIGHT: the test waits for the goroutine with a channel before reading.
func TestLookupInBackgroundSynced(t *testing.T) {
	s := New(echoBackend{}, time.Second)
	var bodies []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/lookup?key=a", nil))
		bodies = append(bodies, rec.Body.String())
	}()
	<-done
	if !slices.Equal(bodies, []string{"v-a\n"}) {
		t.Errorf("bodies = %q", bodies)
	}
}
