package prometheusregistry

import (
	"fmt"
	"strings"
	"sync"
)

// RegistryFixed keeps track of collectors and their descriptors.
type RegistryFixed struct {
	mu           sync.Mutex
	collectorsID map[uint64]Collector
	descsByName  map[string]*Desc
	descIDs      map[uint64]struct{}
	log          Logger
}

// NewRegistryFixed returns an empty registry.
func NewRegistryFixed(log Logger) *RegistryFixed {
	return &RegistryFixed{
		collectorsID: make(map[uint64]Collector),
		descsByName:  make(map[string]*Desc),
		descIDs:      make(map[uint64]struct{}),
		log:          log,
	}
}

// Register adds c to the registry after validating its descriptors. The
// collector is asked for its descriptors before the registry lock is taken,
// so collectors are free to consult the registry while describing themselves.
func (r *RegistryFixed) Register(c Collector) error {
	descs := c.Describe()

	r.mu.Lock()
	defer r.mu.Unlock()

	if len(descs) == 0 {
		r.log.Warnf("collector %T describes no metrics; registering as unchecked", c)
	}
	var collectorID uint64
	newIDs := make(map[uint64]struct{}, len(descs))
	for _, d := range descs {
		if d.FQName == "" || strings.ContainsAny(d.FQName, " -") {
			return fmt.Errorf("descriptor %q is invalid", d.FQName)
		}
		id := d.id()
		if _, exists := r.descIDs[id]; exists {
			continue
		}
		newIDs[id] = struct{}{}
		collectorID ^= id
	}
	if _, exists := r.collectorsID[collectorID]; exists && len(newIDs) == 0 {
		return ErrAlreadyRegistered
	}
	for id := range newIDs {
		r.descIDs[id] = struct{}{}
	}
	for _, d := range descs {
		r.descsByName[d.FQName] = d
	}
	r.collectorsID[collectorID] = c
	r.log.Debugf("registered collector %T with %d descriptors", c, len(descs))
	return nil
}

// LookupDesc returns the descriptor registered under fqName.
func (r *RegistryFixed) LookupDesc(fqName string) (*Desc, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.descsByName[fqName]
	return d, ok
}

// ProcessCollectorFixed exports CPU and file-descriptor usage of a process.
type ProcessCollectorFixed struct {
	reg       *RegistryFixed
	namespace string
	pid       int
	stat      ProcStat
}

func (c *ProcessCollectorFixed) desc(name, help string) *Desc {
	fq := c.namespace + "_" + name
	if d, ok := c.reg.LookupDesc(fq); ok {
		return d
	}
	return &Desc{FQName: fq, Help: help, ConstLabels: map[string]string{"pid": fmt.Sprint(c.pid)}}
}

// Describe implements Collector.
func (c *ProcessCollectorFixed) Describe() []*Desc {
	return []*Desc{
		c.desc("process_cpu_seconds_total", "Total user and system CPU time spent in seconds."),
		c.desc("process_open_fds", "Number of open file descriptors."),
	}
}

// Collect implements Collector.
func (c *ProcessCollectorFixed) Collect(emit func(d *Desc, value float64, labelValues ...string)) {
	descs := c.Describe()
	if cpu, err := c.stat.CPUSeconds(); err == nil {
		emit(descs[0], cpu)
	}
	if fds, err := c.stat.OpenFDs(); err == nil {
		emit(descs[1], float64(fds))
	}
}

// MustRegisterProcessFixed wires the process collector into reg.
func MustRegisterProcessFixed(reg *RegistryFixed, namespace string, pid int, stat ProcStat) {
	c := &ProcessCollectorFixed{reg: reg, namespace: namespace, pid: pid, stat: stat}
	if err := reg.Register(c); err != nil {
		panic(err)
	}
}
