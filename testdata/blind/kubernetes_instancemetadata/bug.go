// Package kubernetesinstancemetadata models a cloud-provider client that
// bounds a blocking metadata query with a timeout by running it on a
// goroutine that sends its result on an unbuffered channel. When the context
// expires first the caller returns, and the goroutine blocks forever on its
// send.
package kubernetesinstancemetadata

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// InstanceMetadata describes the VM backing a node.
type InstanceMetadata struct {
	ProviderID   string
	InstanceType string
	Zone         string
	Region       string
	Addresses    []string
}

// MetadataService is the (blocking, context-unaware) cloud SDK call.
type MetadataService interface {
	GetInstance(nodeName string) (*InstanceMetadata, error)
}

// Metrics records API latency.
type Metrics interface {
	ObserveRequest(op string, d time.Duration, err error)
}

// ErrInstanceNotFound is returned for unknown nodes.
var ErrInstanceNotFound = errors.New("instance not found")

// Instances implements the cloud-provider instances interface.
type Instances struct {
	svc     MetadataService
	metrics Metrics
	timeout time.Duration
	now     func() time.Time
}

// NewInstances returns a client with the given per-call timeout.
func NewInstances(svc MetadataService, m Metrics, timeout time.Duration) *Instances {
	return &Instances{svc: svc, metrics: m, timeout: timeout, now: time.Now}
}

type metadataResult struct {
	md  *InstanceMetadata
	err error
}

// InstanceMetadata returns metadata for node, giving up after the timeout.
func (i *Instances) InstanceMetadata(ctx context.Context, nodeName string) (*InstanceMetadata, error) {
	ctx, cancel := context.WithTimeout(ctx, i.timeout)
	defer cancel()
	start := i.now()

	resc := make(chan metadataResult)
	go func() {
		md, err := i.svc.GetInstance(nodeName)
		resc <- metadataResult{md: md, err: err} // WANT(goroutineleak)
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

// InstanceExists reports whether the node's VM still exists.
func (i *Instances) InstanceExists(ctx context.Context, nodeName string) (bool, error) {
	_, err := i.InstanceMetadata(ctx, nodeName)
	if errors.Is(err, ErrInstanceNotFound) {
		return false, nil
	}
	return err == nil, err
}
