package pluginregistry

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

var (
	registryFixedMu sync.RWMutex
	registryFixed   = make(map[string]Plugin)
)

func RegisterFixed(p Plugin) {
	registryFixedMu.Lock()
	registryFixed[p.Name()] = p
	registryFixedMu.Unlock()
}

func GetFixed(name string, cap Capability) (Plugin, error) {
	registryFixedMu.RLock()
	p, ok := registryFixed[name]
	registryFixedMu.RUnlock()
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

func pruneFixed(keep map[string]string, logger Logger) {
	registryFixedMu.Lock()
	defer registryFixedMu.Unlock()
	for name := range registryFixed {
		if _, ok := keep[name]; !ok {
			logger.Infof("plugin %s removed", name)
			delete(registryFixed, name)
		}
	}
}

type LoaderFixed struct {
	dir      string
	factory  PluginFactory
	logger   Logger
	interval time.Duration
}

func NewLoaderFixed(dir string, f PluginFactory, l Logger, interval time.Duration) *LoaderFixed {
	return &LoaderFixed{dir: dir, factory: f, logger: l, interval: interval}
}

func (l *LoaderFixed) LoadAll() error {
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
		RegisterFixed(p)
	}
	return nil
}

func (l *LoaderFixed) Start(ctx context.Context) error {
	if err := l.LoadAll(); err != nil {
		return err
	}
	go l.watch(ctx)
	return nil
}

func (l *LoaderFixed) watch(ctx context.Context) {
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

func (l *LoaderFixed) reload() {
	found, err := discover(l.dir)
	if err != nil {
		l.logger.Warnf("plugin rescan: %v", err)
		return
	}
	pruneFixed(found, l.logger)
	if err := l.LoadAll(); err != nil {
		l.logger.Warnf("plugin reload: %v", err)
	}
}

type VolumeAPIFixed struct {
	logger Logger
}

func (a *VolumeAPIFixed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	driver := r.URL.Query().Get("driver")
	p, err := GetFixed(driver, CapVolumeDriver)
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
