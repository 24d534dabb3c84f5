package cockroach_asynctaskerr

import "context"

// maybeSendSnapshotFixed hands the error back on a channel.
func maybeSendSnapshotFixed(ctx context.Context, s *Stopper, r *replica) error {
	errc := make(chan error, 1)
	if e := s.RunAsyncTask(ctx, "snapshot", func(ctx context.Context) {
		errc <- r.sendSnapshot(ctx)
	}); e != nil {
		return e
	}
	return <-errc
}
