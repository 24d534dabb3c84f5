// Package pluginregistry models a daemon's volume/network plugin registry kept
// in a package-level map. Register writes the map during startup discovery and
// again from the hot-reload goroutine that rescans the plugin socket
// directory, while API request handlers look plugins up concurrently, and
// nothing synchronises the map.
package pluginregistry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

var ErrNotFound = errors.New("plugin not found")

type Capability string

const (
	CapVolumeDriver  Capability = "VolumeDriver"
	CapNetworkDriver Capability = "NetworkDriver"
	CapAuthz         Capability = "authz"
)

type Plugin interface {
	Name() string
	Implements() []Capability
	Call(ctx context.Context, method string, args, ret any) error
}

type Logger interface {
	Infof(format string, args ...any)
	Warnf(format string, args ...any)
}

type PluginFactory func(name, socketPath string) (Plugin, error)

var registry = make(map[string]Plugin)

func Register(p Plugin) {
	registry[p.Name()] = p // WANT(guardedby)
}

func Get(name string, cap Capability) (Plugin, error) {
	p, ok := registry[name] // WANT(guardedby)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	for _, c := range p.Implements() {
		if c == cap {
			return p, nil
		}
	}
	return nil, fmt.Errorf("plugin %s does not implement %s", name, cap)
}

func discover(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	found := make(map[string]string, len(entries))
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sock") {
			continue
		}
		found[strings.TrimSuffix(e.Name(), ".sock")] = filepath.Join(dir, e.Name())
	}
	return found, nil
}

type Loader struct {
	dir      string
	factory  PluginFactory
	logger   Logger
	interval time.Duration
}

func NewLoader(dir string, f PluginFactory, l Logger, interval time.Duration) *Loader {
	return &Loader{dir: dir, factory: f, logger: l, interval: interval}
}

func (l *Loader) LoadAll() error {
	found, err := discover(l.dir)
	if err != nil {
		return err
	}
	for name, sock := range found {
		p, err := l.factory(name, sock)
		if err != nil {
			l.logger.Warnf("plugin %s: %v", name, err)
			continue
		}
		Register(p)
	}
	return nil
}

func (l *Loader) Start(ctx context.Context) error {
	if err := l.LoadAll(); err != nil {
		return err
	}
	go l.watch(ctx)
	return nil
}

func (l *Loader) watch(ctx context.Context) {
	t := time.NewTicker(l.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.reload()
		}
	}
}

func (l *Loader) reload() {
	found, err := discover(l.dir)
	if err != nil {
		l.logger.Warnf("plugin rescan: %v", err)
		return
	}
	for name := range registry { // WANT(guardedby)
		if _, ok := found[name]; !ok {
			l.logger.Infof("plugin %s removed", name)
			delete(registry, name) // WANT(guardedby)
		}
	}
	if err := l.LoadAll(); err != nil {
		l.logger.Warnf("plugin reload: %v", err)
	}
}

type VolumeAPI struct {
	logger Logger
}

func (a *VolumeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	driver := r.URL.Query().Get("driver")
	p, err := Get(driver, CapVolumeDriver)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	var resp struct{ Mountpoint string }
	if err := p.Call(r.Context(), "VolumeDriver.Mount", map[string]string{"Name": r.URL.Query().Get("name")}, &resp); err != nil {
		a.logger.Warnf("mount via %s: %v", driver, err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, resp.Mountpoint)
}
