// Package moby4951 is the fixed twin of GoKer kernel moby4951, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby4951

import "sync"

// Fixed: DeleteDevice releases the device set's lock before it takes the
// device's, so the two are always taken device first.

type devInfo struct {
	lock sync.Mutex
	name string
}

type deviceSet struct {
	sync.Mutex
	infos map[string]*devInfo
}

func (d *deviceSet) deleteDevice(hash string) {
	d.Lock()
	info := d.infos[hash]
	d.Unlock()
	if info == nil {
		return
	}
	info.lock.Lock()
	defer info.lock.Unlock()
	d.Lock()
	delete(d.infos, hash)
	d.Unlock()
}

func Run() {
	d := &deviceSet{infos: map[string]*devInfo{}}
	d.infos["a"] = &devInfo{name: "a"}
	go d.deleteDevice("a")
	go d.deleteDevice("a")
}
