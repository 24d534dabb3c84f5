package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// progressEnv names the file the vet-tool processes append one byte to
// as they start a package, so the standalone process can count them.
const progressEnv = "CONCLINT_PROGRESS"

// signalProgress is called in vet-tool mode: it records one started
// package if a standalone conclint is watching.
func signalProgress() {
	path := os.Getenv(progressEnv)
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return
	}
	_, _ = f.Write([]byte{'.'})
	_ = f.Close()
}

// progress shows "analysed N/M packages" on a terminal's stderr for runs
// longer than a second. A nil *progress is a valid no-op.
type progress struct {
	file string
	done chan struct{}
	quit chan struct{}
}

// startProgress returns nil unless w is a terminal.
func startProgress(w io.Writer, dir string, pkgs, vetFlags []string) *progress {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	tmp, err := os.CreateTemp("", "conclint-progress-*")
	if err != nil {
		return nil
	}
	tmp.Close()
	p := &progress{file: tmp.Name(), done: make(chan struct{}), quit: make(chan struct{})}
	total := make(chan int, 1)
	go func() {
		// The number of packages the vet tool will be run on: the
		// packages and their dependencies (analysed for facts).
		args := append([]string{"list", "-deps", "-test", "-f", "x"}, tagsOnly(vetFlags)...)
		cmd := exec.Command("go", append(args, pkgs...)...)
		cmd.Dir = dir
		out, err := cmd.Output()
		n := 0
		if err == nil {
			n = strings.Count(string(out), "\n")
		}
		total <- n
	}()
	go func() {
		defer close(p.done)
		start := time.Now()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		n, shown, last := 0, false, ""
		for {
			select {
			case <-p.quit:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case n = <-total:
			case <-tick.C:
				if time.Since(start) < time.Second {
					continue
				}
				fi, err := os.Stat(p.file)
				if err != nil {
					continue
				}
				k := int(fi.Size())
				line := fmt.Sprintf("conclint: analysed %d packages", k)
				if n > 0 {
					line = fmt.Sprintf("conclint: analysed %d/%d packages", min(k, n), n)
				}
				if line != last {
					fmt.Fprint(f, "\r\033[K"+line)
					last, shown = line, true
				}
			}
		}
	}()
	return p
}

func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.quit)
	<-p.done
	os.Remove(p.file)
}

func tagsOnly(flags []string) []string {
	var out []string
	for _, f := range flags {
		if strings.HasPrefix(f, "-tags=") {
			out = append(out, f)
		}
	}
	return out
}
