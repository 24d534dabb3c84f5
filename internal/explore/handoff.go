package explore

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// Handed-off locks. Go lets any goroutine unlock a mutex, and a few
// programs hand a locked mutex to another goroutine that releases it (a
// mutex used as a semaphore, sync's own tests). A goroutine waiting for
// such a lock can be woken by anyone who can reach it, not only by its
// holders. A lock is handed off when, on the explored path, a goroutine
// unlocked it while another held it (syncState.handoff), or statically
// when some function of the package unlocks its class without locking it
// (handoffClasses): the unlock may still come.

// lockClass names the static class of a lock: a field of a struct type,
// or a variable (its allocation site).
type lockClass string

// classOfOperand returns the class of a Lock/Unlock receiver, or "".
func (x *explorer) classOfOperand(v ssa.Value) lockClass {
	for i := 0; i < 8; i++ {
		switch w := v.(type) {
		case *ssa.FieldAddr:
			return lockClass(fmt.Sprintf("%s.%d", types.TypeString(deref(w.X.Type()), nil), w.Field))
		case *ssa.Alloc:
			return lockClass(fmt.Sprintf("alloc@%d", w.Pos()))
		case *ssa.FreeVar:
			b := ssacfg.Binding(w, x.closures[w.Parent()])
			if b == nil {
				return ""
			}
			v = b
		case *ssa.UnOp:
			v = w.X
		case *ssa.MakeInterface:
			v = w.X
		case *ssa.ChangeInterface:
			v = w.X
		default:
			return ""
		}
	}
	return ""
}

// classOfCell returns the class of the lock at (obj, path).
func classOfCell(o *object, path string) lockClass {
	elems := splitPath(path)
	if len(elems) == 0 {
		return lockClass(fmt.Sprintf("alloc@%d", o.site))
	}
	t := o.typ
	for _, e := range elems[:len(elems)-1] {
		t = elemType(t, e.tag, e.n)
	}
	last := elems[len(elems)-1]
	if last.tag != 'f' || t == nil {
		return ""
	}
	return lockClass(fmt.Sprintf("%s.%d", types.TypeString(t, nil), last.n))
}

// handoffClasses returns the classes some function unlocks without
// locking them (directly or in a deferred call).
func (x *explorer) handoffClasses() map[lockClass]bool {
	out := make(map[lockClass]bool)
	for _, fn := range x.funcs {
		locked := make(map[lockClass]bool)
		var unlocked []lockClass
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				c, ok := ins.(ssa.CallInstruction)
				if !ok {
					continue
				}
				op, recv := syncapi.CallOp(c.Common())
				if recv == nil {
					continue
				}
				switch op {
				case syncapi.Lock, syncapi.RLock, syncapi.TryLock, syncapi.TryRLock:
					locked[x.classOfOperand(recv)] = true
				case syncapi.Unlock, syncapi.RUnlock:
					unlocked = append(unlocked, x.classOfOperand(recv))
				}
			}
		}
		for _, c := range unlocked {
			if c != "" && !locked[c] {
				out[c] = true
			}
		}
	}
	return out
}
