package prometheus_guardedcomment

func (g *Group) resetFixed() {
	g.mtx.Lock()
	g.lastError = nil
	g.mtx.Unlock()
}
