package istiojwksresolver

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// ResolverFixed fetches and caches key sets by issuer URI.
type ResolverFixed struct {
	mu      sync.Mutex
	client  *http.Client
	cache   map[string]cachedKeys
	ttl     time.Duration
	timeout time.Duration
	tlsCfg  *tls.Config
	now     func() time.Time
}

func (r *ResolverFixed) httpClient() *http.Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.client == nil {
		r.client = &http.Client{
			Timeout:   r.timeout,
			Transport: &http.Transport{TLSClientConfig: r.tlsCfg, MaxIdleConnsPerHost: 4},
		}
	}
	return r.client
}

// GetPublicKey returns the key set for jwksURI, fetching it when stale.
func (r *ResolverFixed) GetPublicKey(ctx context.Context, jwksURI string) (JWKS, error) {
	r.mu.Lock()
	if c, ok := r.cache[jwksURI]; ok && r.now().Sub(c.fetched) < r.ttl {
		r.mu.Unlock()
		return c.keys, nil
	}
	r.mu.Unlock()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, jwksURI, nil)
	if err != nil {
		return JWKS{}, err
	}
	resp, err := r.httpClient().Do(req)
	if err != nil {
		return JWKS{}, fmt.Errorf("fetching jwks from %s: %w", jwksURI, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return JWKS{}, fmt.Errorf("fetching jwks from %s: status %d", jwksURI, resp.StatusCode)
	}
	var keys JWKS
	if err := json.NewDecoder(resp.Body).Decode(&keys); err != nil {
		return JWKS{}, fmt.Errorf("decoding jwks from %s: %w", jwksURI, err)
	}

	r.mu.Lock()
	r.cache[jwksURI] = cachedKeys{keys: keys, fetched: r.now()}
	r.mu.Unlock()
	return keys, nil
}

// Close drops idle connections and the client; a later request rebuilds it.
func (r *ResolverFixed) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.client != nil {
		r.client.CloseIdleConnections()
		r.client = nil
	}
}

// AuthenticatorFixed validates bearer tokens on inbound requests.
type AuthenticatorFixed struct {
	resolver *ResolverFixed
	jwksURI  string
}

// ServeHTTP is invoked on a goroutine per request.
func (a *AuthenticatorFixed) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if _, err := a.resolver.GetPublicKey(req.Context(), a.jwksURI); err != nil {
		http.Error(w, "jwks unavailable", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
