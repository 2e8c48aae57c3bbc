package web

import (
	"net/http"

	"kijun/internal/appointments"
	"kijun/internal/organisation"
)

// appointOperations are the JSON API of appointments (3.1): the same
// service as the roles page and kijun org appoint, with the same gate and
// 3.2.10 checked at the appointment.
func (s *Server) appointOperations() []operation {
	return []operation{{
		Method: "POST", Path: "/api/v1/org/roles", ID: "appointRole",
		Summary: "Appoint a person to a role of 3.1 or 3.3.1 from a day, with 兼務の禁止 (3.2.10) checked. " +
			"Body: {role, target (a unit code or system ID for unit and system roles), staff_no, from, to, unavoidable}",
		Response: "Appointment", Handler: s.apiAppoint, Rule: ruleCityOffice,
	}}
}

// appointJSON is an appointment as the API takes it.
type appointJSON struct {
	Role        string `json:"role"`
	Target      string `json:"target"`
	StaffNo     string `json:"staff_no"`
	From        string `json:"from"`
	To          string `json:"to"`
	Unavoidable string `json:"unavoidable"`
}

func (s *Server) apiAppoint(w http.ResponseWriter, r *http.Request) error {
	var j appointJSON
	if err := decodeBody(r, &j); err != nil {
		return err
	}
	ap, err := appointForm{Role: j.Role, Target: j.Target, StaffNo: j.StaffNo, From: j.From, To: j.To, Unavoidable: j.Unavoidable}.appointment()
	if err != nil {
		return err
	}
	a, v, err := s.appoint.Appoint(r.Context(), appointments.AppointerOf(currentOf(r).Principal), ap)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		organisation.RoleAssignment
		Concurrent *organisation.Verdict `json:"concurrent,omitempty"`
	}{a, map[bool]*organisation.Verdict{true: &v, false: nil}[v.Flagged]})
	return nil
}
