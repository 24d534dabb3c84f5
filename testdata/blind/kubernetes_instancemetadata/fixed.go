package kubernetesinstancemetadata

import (
	"context"
	"fmt"
	"time"
)

// InstancesFixed implements the cloud-provider instances interface.
type InstancesFixed struct {
	svc     MetadataService
	metrics Metrics
	timeout time.Duration
	now     func() time.Time
}

// InstanceMetadata returns metadata for node, giving up after the timeout.
// The result channel has room for the single result so the query goroutine
// can always finish, even after the caller has given up.
func (i *InstancesFixed) InstanceMetadata(ctx context.Context, nodeName string) (*InstanceMetadata, error) {
	ctx, cancel := context.WithTimeout(ctx, i.timeout)
	defer cancel()
	start := i.now()

	resc := make(chan metadataResult, 1)
	go func() {
		md, err := i.svc.GetInstance(nodeName)
		resc <- metadataResult{md: md, err: err}
	}()

	select {
	case r := <-resc:
		i.metrics.ObserveRequest("get_instance", i.now().Sub(start), r.err)
		if r.err != nil {
			return nil, fmt.Errorf("getting instance %q: %w", nodeName, r.err)
		}
		return r.md, nil
	case <-ctx.Done():
		i.metrics.ObserveRequest("get_instance", i.now().Sub(start), ctx.Err())
		return nil, fmt.Errorf("getting instance %q: %w", nodeName, ctx.Err())
	}
}
