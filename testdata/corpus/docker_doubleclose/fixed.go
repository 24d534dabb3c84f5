package docker_doubleclose

import "io"

// copyStdinFixed closes once, on every path.
func copyStdinFixed(cfg attachConfig, done chan struct{}) error {
	defer close(done)
	_, err := io.Copy(cfg.sink, cfg.stdin)
	return err
}
