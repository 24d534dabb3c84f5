// Package cockroach2448 is the fixed twin of GoKer kernel cockroach2448, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach2448

// Fixed: the callback channel has room for a callback, so the store hands
// it over and is back to receiving events while the raft loop is busy
// sending one.

type multiRaft struct {
	done         chan bool
	events       chan func()
	callbackChan chan func()
}

func (m *multiRaft) sendEvent(cb func()) {
	select {
	case m.events <- cb:
	case <-m.done:
	}
}

func (m *multiRaft) start() {
	for {
		select {
		case <-m.done:
			return
		case cb := <-m.callbackChan:
			cb()
		default:
			m.sendEvent(func() {
				select {
				case m.callbackChan <- func() {}:
				case <-m.done:
				}
			})
		}
	}
}

func (m *multiRaft) processRaft() {
	for {
		select {
		case cb := <-m.events:
			cb()
		case <-m.done:
			return
		}
	}
}

func Run() {
	m := &multiRaft{done: make(chan bool), events: make(chan func()), callbackChan: make(chan func(), 1)}
	go m.processRaft()
	go m.start()
	close(m.done)
}
