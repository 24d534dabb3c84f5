package docker_sleepcapture

import (
	"bytes"
	"strings"
	"testing"
)

func TestAttachEchoesFixed(t *testing.T) {
	var out bytes.Buffer
	errc := make(chan error, 1)
	go func() {
		errc <- attach(attachOptions{stdin: strings.NewReader("hello"), stdout: &out})
	}()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "HELLO" {
		t.Fatalf("attach wrote %q", got)
	}
}
