package permits

import (
	"slices"

	"kijun/internal/organisation"
)

// Concurrent is a pair of roles one person may not hold at once without a
// recorded reason (3.2.10ア): the holder of Requester files requests of a
// type that the holder of Approver decides, so a person holding both would
// decide their own requests. SameScope says the two clash only over the same
// system (a system's 管理者 and its 責任者); otherwise the approver's
// city-wide role clashes with the requester role wherever it is held.
type Concurrent struct {
	Requester, Approver organisation.Role
	SameScope           bool
	Types               []string // the request types that bring the clash, by key
}

// ConcurrentRoles derives from the request types the pairs of roles that
// 3.2.10ア keeps apart. Requests anyone may file (staff) bring no pair:
// every approver is also a member of staff, and such a request is routed
// past its requester when decided. A unit-scoped approver (a 課's 情報管理者)
// brings none either: the 課 of the requester's role is not known until a
// request names its subject, and the decision checks it then.
func (r *Registry) ConcurrentRoles() []Concurrent {
	var out []Concurrent
	find := func(req, appr organisation.Role, same bool) *Concurrent {
		for i := range out {
			if c := &out[i]; c.Requester == req && c.Approver == appr && c.SameScope == same {
				return c
			}
		}
		out = append(out, Concurrent{Requester: req, Approver: appr, SameScope: same})
		return &out[len(out)-1]
	}
	for _, t := range r.types {
		for _, req := range t.Requesters {
			if req == "staff" {
				continue
			}
			for _, step := range t.Approvers {
				for _, a := range step {
					var same bool
					switch a.Scope {
					case ScopeCity:
					case ScopeSubjectSystem:
						same = true
					default:
						continue
					}
					if organisation.Role(req) == a.Role {
						continue
					}
					c := find(organisation.Role(req), a.Role, same)
					if !slices.Contains(c.Types, t.Key) {
						c.Types = append(c.Types, t.Key)
					}
				}
			}
		}
	}
	return out
}
