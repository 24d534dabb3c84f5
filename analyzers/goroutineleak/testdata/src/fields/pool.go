package fields

import "errors"

type job struct{ n int }

func (j job) do() error {
	if j.n < 0 {
		return errors.New("negative")
	}
	return nil
}

// ---- a fixed pool of workers, one result per job, and a consumer that
// returns on the first error: the workers block on their next result send,
// and the feeder behind them on the jobs channel.

func processAll(jobs []job) error {
	jobc := make(chan job)
	results := make(chan error)
	for i := 0; i < 4; i++ {
		go func() {
			for j := range jobc {
				results <- j.do() // want `goroutine can block forever on this send: the receiver can return at line \d+ before receiving a result for every job`
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			jobc <- j
		}
		close(jobc)
	}()
	for range jobs {
		if err := <-results; err != nil {
			return err
		}
	}
	return nil
}

// Safe twin: the results channel holds one result per job.

func processAllBuffered(jobs []job) error {
	jobc := make(chan job)
	results := make(chan error, len(jobs))
	for i := 0; i < 4; i++ {
		go func() {
			for j := range jobc {
				results <- j.do()
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			jobc <- j
		}
		close(jobc)
	}()
	for range jobs {
		if err := <-results; err != nil {
			return err
		}
	}
	return nil
}

// Safe twin: the consumer remembers the first error and drains the rest.

func processAllDrain(jobs []job) error {
	jobc := make(chan job)
	results := make(chan error)
	for i := 0; i < 4; i++ {
		go func() {
			for j := range jobc {
				results <- j.do()
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			jobc <- j
		}
		close(jobc)
	}()
	var first error
	for range jobs {
		if err := <-results; err != nil && first == nil {
			first = err
		}
	}
	return first
}
