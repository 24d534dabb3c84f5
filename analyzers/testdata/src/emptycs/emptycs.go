package emptycs

import "sync"

func reported(mu *sync.Mutex) {
	mu.Lock()
	mu.Unlock() // want "empty critical section"
}

func onUnlock(mu *sync.Mutex) {
	mu.Lock()
	//conclint:ignore SA2001 waits for the holder to finish, on purpose
	mu.Unlock()
}

func onLock(mu *sync.Mutex) {
	//conclint:ignore SA2001 waits for the holder to finish, on purpose
	mu.Lock()
	mu.Unlock()
}

func staticcheckDirective(mu *sync.RWMutex) {
	mu.RLock()
	//lint:ignore SA2001 staticcheck's directive, on the Unlock as staticcheck wants it
	mu.RUnlock()
}
