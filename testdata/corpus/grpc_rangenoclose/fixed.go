package grpc_rangenoclose

// watchFixed closes the channel when the producer is done.
func (r *resolverWrapper) watchFixed(lookups [][]Address) {
	updates := make(chan []Address)
	go func() {
		for a := range updates {
			r.apply(a)
		}
	}()
	for _, a := range lookups {
		updates <- a
	}
	close(updates)
}
