// Package prometheusregistry models a metrics registry whose Register holds
// the registry mutex while it asks the collector to describe itself. The
// process collector's Describe reuses descriptors that are already registered
// by looking them up through the registry, which takes the same non-reentrant
// mutex, so registering that collector deadlocks the calling goroutine.
package prometheusregistry

import (
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"sync"
)

// Logger is the subset of the application logger the registry uses.
type Logger interface {
	Debugf(format string, args ...any)
	Warnf(format string, args ...any)
}

// Desc describes a metric family.
type Desc struct {
	FQName      string
	Help        string
	ConstLabels map[string]string
	VarLabels   []string
}

func (d *Desc) id() uint64 {
	h := fnv.New64a()
	h.Write([]byte(d.FQName))
	keys := make([]string, 0, len(d.ConstLabels))
	for k := range d.ConstLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.Write([]byte{0xff})
		h.Write([]byte(k + "=" + d.ConstLabels[k]))
	}
	return h.Sum64()
}

// Collector is implemented by anything that exports metrics.
type Collector interface {
	Describe() []*Desc
	Collect(emit func(d *Desc, value float64, labelValues ...string))
}

// ErrAlreadyRegistered is returned when a collector with identical
// descriptors was registered before.
var ErrAlreadyRegistered = errors.New("duplicate metrics collector registration attempted")

// Registry keeps track of collectors and their descriptors.
type Registry struct {
	mu           sync.Mutex
	collectorsID map[uint64]Collector
	descsByName  map[string]*Desc
	descIDs      map[uint64]struct{}
	log          Logger
}

// NewRegistry returns an empty registry.
func NewRegistry(log Logger) *Registry {
	return &Registry{
		collectorsID: make(map[uint64]Collector),
		descsByName:  make(map[string]*Desc),
		descIDs:      make(map[uint64]struct{}),
		log:          log,
	}
}

// Register adds c to the registry after validating its descriptors.
func (r *Registry) Register(c Collector) error {
	r.mu.Lock()
	defer r.mu.Unlock()

	descs := c.Describe() // WANT(doublelock)
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
func (r *Registry) LookupDesc(fqName string) (*Desc, bool) {
	r.mu.Lock() // WANT(doublelock)
	defer r.mu.Unlock()
	d, ok := r.descsByName[fqName]
	return d, ok
}

// Gather calls Collect on every registered collector.
func (r *Registry) Gather() map[string]float64 {
	r.mu.Lock()
	collectors := make([]Collector, 0, len(r.collectorsID))
	for _, c := range r.collectorsID {
		collectors = append(collectors, c)
	}
	r.mu.Unlock()

	out := make(map[string]float64)
	for _, c := range collectors {
		c.Collect(func(d *Desc, v float64, lvs ...string) {
			key := d.FQName
			if len(lvs) > 0 {
				key += "{" + strings.Join(lvs, ",") + "}"
			}
			out[key] = v
		})
	}
	return out
}

// ProcStat is the source of process statistics.
type ProcStat interface {
	CPUSeconds() (float64, error)
	OpenFDs() (int, error)
}

// ProcessCollector exports CPU and file-descriptor usage of a process.
type ProcessCollector struct {
	reg       *Registry
	namespace string
	pid       int
	stat      ProcStat
}

// NewProcessCollector returns a collector bound to reg.
func NewProcessCollector(reg *Registry, namespace string, pid int, stat ProcStat) *ProcessCollector {
	return &ProcessCollector{reg: reg, namespace: namespace, pid: pid, stat: stat}
}

func (c *ProcessCollector) desc(name, help string) *Desc {
	fq := c.namespace + "_" + name
	if d, ok := c.reg.LookupDesc(fq); ok {
		return d
	}
	return &Desc{FQName: fq, Help: help, ConstLabels: map[string]string{"pid": fmt.Sprint(c.pid)}}
}

// Describe implements Collector.
func (c *ProcessCollector) Describe() []*Desc {
	return []*Desc{
		c.desc("process_cpu_seconds_total", "Total user and system CPU time spent in seconds."),
		c.desc("process_open_fds", "Number of open file descriptors."),
	}
}

// Collect implements Collector.
func (c *ProcessCollector) Collect(emit func(d *Desc, value float64, labelValues ...string)) {
	descs := c.Describe()
	if cpu, err := c.stat.CPUSeconds(); err == nil {
		emit(descs[0], cpu)
	}
	if fds, err := c.stat.OpenFDs(); err == nil {
		emit(descs[1], float64(fds))
	}
}

// MustRegisterProcess wires the process collector into reg.
func MustRegisterProcess(reg *Registry, namespace string, pid int, stat ProcStat) {
	if err := reg.Register(NewProcessCollector(reg, namespace, pid, stat)); err != nil {
		panic(err)
	}
}
