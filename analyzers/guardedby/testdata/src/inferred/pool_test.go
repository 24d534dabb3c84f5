package inferred

import "testing"

func TestAddURL(t *testing.T) {
	nc := &srvConn{}
	nc.addURL("nats://a")
	nc2 := &srvConn2{}
	nc2.addURL("nats://b")
}
