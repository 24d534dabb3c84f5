// Command cacheprog is a small GOCACHEPROG program (the protocol is
// documented in the go command's cmd/go/internal/cacheprog): the go
// command's build cache kept in a directory that several machines share,
// such as a network file system or a bucket mounted as one. Every machine
// that sets
//
//	GOCACHEPROG="cacheprog -dir /shared/gocache"
//
// reuses the compile and vet results, conclint's included, that any of them
// computed. Objects are copied to a local scratch directory before the go
// command reads them, as a remote cache would download them.
//
// It is a test fixture (e2e.TestGOCACHEPROG) and an example, not a
// production cache: no eviction, no authentication.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"
)

// request and response follow cmd/go/internal/cacheprog.
type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// entry is what the shared directory holds for an action.
type entry struct {
	OutputID []byte
	Size     int64
	Time     time.Time
}

func main() {
	dir := flag.String("dir", "", "the shared cache `directory`")
	logFile := flag.String("log", "", "append one line per get and put to this `file`")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("cacheprog: ")
	if *dir == "" {
		log.Fatal("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	local, err := os.MkdirTemp("", "cacheprog-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(local)
	var trace io.Writer = io.Discard
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		trace = f
	}
	c := &cache{shared: *dir, local: local}
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	send := func(r response) {
		if err := enc.Encode(r); err != nil {
			log.Fatal(err)
		}
		if err := out.Flush(); err != nil {
			log.Fatal(err)
		}
	}
	send(response{KnownCommands: []string{"get", "put", "close"}})
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var req request
		if err := dec.Decode(&req); err == io.EOF {
			return
		} else if err != nil {
			log.Fatal(err)
		}
		res := response{ID: req.ID}
		switch req.Command {
		case "get":
			e, path, err := c.get(req.ActionID)
			switch {
			case err != nil:
				res.Miss = true
				fmt.Fprintln(trace, "get miss")
			default:
				res.OutputID, res.Size, res.Time, res.DiskPath = e.OutputID, e.Size, &e.Time, path
				fmt.Fprintln(trace, "get hit")
			}
		case "put":
			var body []byte
			if req.BodySize > 0 {
				if err := dec.Decode(&body); err != nil { // a base64 JSON string
					log.Fatal(err)
				}
			}
			path, err := c.put(req.ActionID, req.OutputID, body)
			if err != nil {
				res.Err = err.Error()
			}
			res.DiskPath = path
			fmt.Fprintln(trace, "put")
		case "close":
			send(res)
			return
		default:
			res.Err = "unknown command " + req.Command
		}
		send(res)
	}
}

type cache struct {
	shared, local string
}

func (c *cache) get(actionID []byte) (entry, string, error) {
	var e entry
	data, err := os.ReadFile(filepath.Join(c.shared, "a-"+hex.EncodeToString(actionID)))
	if err != nil {
		return e, "", err
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return e, "", err
	}
	body, err := os.ReadFile(filepath.Join(c.shared, "o-"+hex.EncodeToString(e.OutputID)))
	if err != nil {
		return e, "", err
	}
	path := filepath.Join(c.local, "o-"+hex.EncodeToString(e.OutputID))
	return e, path, os.WriteFile(path, body, 0o644)
}

func (c *cache) put(actionID, outputID, body []byte) (string, error) {
	path := filepath.Join(c.local, "o-"+hex.EncodeToString(outputID))
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return "", err
	}
	if err := writeAtomic(filepath.Join(c.shared, "o-"+hex.EncodeToString(outputID)), body); err != nil {
		return path, err
	}
	data, _ := json.Marshal(entry{outputID, int64(len(body)), time.Now()})
	return path, writeAtomic(filepath.Join(c.shared, "a-"+hex.EncodeToString(actionID)), data)
}

// writeAtomic writes through a temporary file and a rename, so that a
// machine reading the shared directory never sees half a file.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}
