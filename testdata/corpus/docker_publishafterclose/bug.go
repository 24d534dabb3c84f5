// Package docker_publishafterclose models the "send on closed channel"
// panics of event publishers in the style of Moby's pkg/pubsub: Publish
// sends on the publisher's channel while Close closes it, with nothing that
// stops a Publish racing with (or following) Close. chanclose finds it only
// with -chanclose.latesend (off by default: docs/evaluation/chanclose.md).
package docker_publishafterclose

type publisher struct {
	events chan string
	subs   []func(string)
}

func newPublisher(subs []func(string)) *publisher {
	p := &publisher{events: make(chan string, 100), subs: subs}
	go p.loop()
	return p
}

func (p *publisher) loop() {
	for ev := range p.events {
		for _, s := range p.subs {
			s(ev)
		}
	}
}

func (p *publisher) Publish(ev string) {
	p.events <- ev // WANT(chanclose)
}

func (p *publisher) Close() {
	close(p.events)
}
