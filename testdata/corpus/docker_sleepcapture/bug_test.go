package docker_sleepcapture

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestAttachEchoes(t *testing.T) {
	var out bytes.Buffer
	var attachErr error
	go func() {
		attachErr = attach(attachOptions{stdin: strings.NewReader("hello"), stdout: &out})
	}()
	time.Sleep(500 * time.Millisecond) // WANT(sleepsync)
	if attachErr != nil {
		t.Fatal(attachErr)
	}
	if got := out.String(); got != "HELLO" {
		t.Fatalf("attach wrote %q", got)
	}
}
