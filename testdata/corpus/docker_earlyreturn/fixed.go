package docker_earlyreturn

// ReleaseFixed unlocks with defer, so every path releases the lock.
func (s *imageStore) ReleaseFixed(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	img, ok := s.images[id]
	if !ok {
		return ErrNotFound
	}
	img.Refs--
	if img.Refs == 0 {
		delete(s.images, id)
	}
	return nil
}
