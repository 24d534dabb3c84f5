package fields

// A controller whose events channel the package never stores: it is nil,
// or set where the model does not look (reflection, a generated
// constructor in another build). Reasoning about who closes it has
// nothing to stand on: silent.

type controller struct {
	events chan []string
	apply  func([]string)
}

func (c *controller) Run() {
	go func() {
		for ev := range c.events {
			c.apply(ev)
		}
	}()
}
