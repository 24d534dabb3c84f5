// Package docker_doubleclose models a Moby/Docker panic: the attach code
// closes the stdin pipe's done channel on the error path and again at the end
// of the function, so an error closes it twice ("close of closed channel").
package docker_doubleclose

import (
	"errors"
	"io"
)

var errDetached = errors.New("detached")

type attachConfig struct {
	stdin io.Reader
	sink  io.Writer
}

// copyStdin copies stdin to the container and signals done.
func copyStdin(cfg attachConfig, done chan struct{}) error {
	_, err := io.Copy(cfg.sink, cfg.stdin)
	if errors.Is(err, errDetached) {
		close(done)
	}
	close(done) // WANT(chanclose)
	return err
}
