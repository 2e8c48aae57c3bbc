package web

import (
	"net/http"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// derivedRole is a role a person held by their post (3.1.5, 3.1.6).
type derivedRole struct {
	Role     organisation.Role
	Unit     string
	UnitName string
	organisation.Period
}

type orgPersonData struct {
	Person      organisation.Person
	Contractor  *organisation.Contractor
	Assignments []organisation.Assignment
	Roles       []organisation.RoleAssignment
	Derived     []derivedRole
}

func (s *Server) handleOrgPerson(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	no := r.PathValue("no")
	var d orgPersonData
	var err error
	if d.Person, err = s.db.Person(ctx, no); err != nil {
		return err
	}
	if d.Person.Contractor != "" {
		c, err := s.db.Contractor(ctx, d.Person.Contractor)
		if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
			return err
		}
		if err == nil {
			d.Contractor = &c
		}
	}
	if d.Assignments, err = s.db.Assignments(ctx, no); err != nil {
		return err
	}
	if d.Roles, err = s.db.RoleAssignments(ctx, store.RoleFilter{StaffNo: no}); err != nil {
		return err
	}
	for _, a := range d.Assignments {
		switch a.Post {
		case organisation.PostSectionChief: // 3.1.6
			d.Derived = append(d.Derived, derivedRole{organisation.RoleInfoManager, a.Unit, a.UnitName, a.Period})
		case organisation.PostBureauChief, organisation.PostOfficeChief, organisation.PostWardChief: // 3.1.5
			d.Derived = append(d.Derived, derivedRole{organisation.RoleInfoOfficer, a.Unit, a.UnitName, a.Period})
		}
	}
	p := s.newPage(w, r, "org.person.title", d)
	p.Title = d.Person.Name
	return s.render(w, r, http.StatusOK, "org_person", p)
}
