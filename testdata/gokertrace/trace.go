// Package gokertrace is the deadlock whose schedule e2e/goker_test.go
// checks in conclint's -trace table and in SARIF code flows: two
// goroutines take two locks in opposite orders.
package gokertrace

import "sync"

type account struct {
	mu      sync.Mutex
	balance int
}

func transfer(from, to *account, n int) {
	from.mu.Lock()
	to.mu.Lock()
	from.balance -= n
	to.balance += n
	to.mu.Unlock()
	from.mu.Unlock()
}

// Both transfers at once: each goroutine holds one account's lock and
// waits for the other's.
func Exchange() {
	a, b := &account{}, &account{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		transfer(a, b, 1)
	}()
	go func() {
		defer wg.Done()
		transfer(b, a, 1)
	}()
	wg.Wait()
}
