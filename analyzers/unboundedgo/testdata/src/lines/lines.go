// Package lines starts work per line of a file and per row of a query.
package lines

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"io"
	"net"
	"os"
	"strings"
	"sync"
)

func process(line string) {}

// BAD: one goroutine per line of the input.
func Lines(r io.Reader) error {
	var wg sync.WaitGroup
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		wg.Add(1)
		go func() { // want `goroutine started for every line scanned by sc with no bound`
			defer wg.Done()
			process(line)
		}()
	}
	wg.Wait()
	return sc.Err()
}

// SAFE twin: a semaphore channel.
func LinesSem(r io.Reader) error {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			process(line)
		}()
	}
	wg.Wait()
	return sc.Err()
}

// BAD: an endless loop reading lines.
func ReadLoop(r *bufio.Reader) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		go process(line) // want `goroutine started for every line read from r with no bound`
	}
}

// SAFE twin: tokens received from a pre-filled channel.
func ReadLoopTokens(r *bufio.Reader, tokens chan struct{}) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		<-tokens
		go func() {
			defer func() { tokens <- struct{}{} }()
			process(line)
		}()
	}
}

// BAD: one goroutine per row.
func Rows(db *sql.DB) error {
	rows, err := db.Query("SELECT name FROM users")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		go process(name) // want `goroutine started for every row of rows with no bound`
	}
	return rows.Err()
}

// SAFE twin: a batch per row group.
func RowsBatched(db *sql.DB) error {
	rows, err := db.Query("SELECT name FROM users")
	if err != nil {
		return err
	}
	defer rows.Close()
	var wg sync.WaitGroup
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		wg.Add(1)
		go func() { defer wg.Done(); process(name) }()
		wg.Wait()
	}
	return rows.Err()
}

// BAD: one goroutine per UDP packet.
func Packets(c *net.UDPConn) {
	buf := make([]byte, 1500)
	for {
		n, addr, err := c.ReadFromUDP(buf)
		if err != nil {
			return
		}
		msg := string(buf[:n])
		go func() { _ = addr; process(msg) }() // want `goroutine started for every packet read from c`
	}
}

// BAD: one goroutine per decoded value.
func Decode(r io.Reader) {
	dec := json.NewDecoder(r)
	for dec.More() {
		var v string
		if dec.Decode(&v) != nil {
			return
		}
		go process(v) // want `goroutine started for every value decoded by dec`
	}
}

// BAD: a line iterator over the contents of a file.
func Iter(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for line := range strings.Lines(string(data)) {
		go process(line) // want `goroutine started for every value yielded by strings.Lines\(string\(data\)\) \(split from the contents read by os.ReadFile\)`
	}
	return nil
}

// SAFE by default: a line iterator over a parameter (reported with
// -unboundedgo.collections).
func IterParam(text string) {
	for line := range strings.Lines(text) {
		go process(line)
	}
}

// SAFE: a loop whose condition is not a stream and reads nothing.
func Retry(done func() bool) {
	for !done() {
		go process("tick")
	}
}

// SAFE twin of Packets: a fixed pool of readers handles packets inline.
func PacketsPool(c *net.UDPConn, workers int) {
	for range workers {
		go func() {
			buf := make([]byte, 1500)
			for {
				n, _, err := c.ReadFromUDP(buf)
				if err != nil {
					return
				}
				process(string(buf[:n]))
			}
		}()
	}
}

// SAFE twin of Decode: a semaphore channel.
func DecodeSem(r io.Reader, sem chan struct{}) {
	dec := json.NewDecoder(r)
	for dec.More() {
		var v string
		if dec.Decode(&v) != nil {
			return
		}
		sem <- struct{}{}
		go func() { defer func() { <-sem }(); process(v) }()
	}
}
