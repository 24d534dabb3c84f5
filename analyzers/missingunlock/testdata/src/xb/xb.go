package xb

import (
	"errors"

	"xa"
)

func Update(s *xa.Store, ok bool) error {
	s.Lock()
	if !ok {
		return errors.New("bad") // want `s.mu is still locked at this return`
	}
	s.Unlock()
	return nil
}

func UpdateSafe(s *xa.Store, ok bool) error {
	s.Lock()
	defer s.Unlock()
	if !ok {
		return errors.New("bad")
	}
	return nil
}
