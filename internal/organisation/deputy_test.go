package organisation

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

func TestCheckDeputyNaming(t *testing.T) {
	base := DeputyNaming{
		Appointment: DeputyAppointment{Role: RoleInfoManager, Scope: UnitScope("111"), StaffNo: "2004"},
		Holder:      PersonRef{StaffNo: "2002", Name: "課長 二郎"},
		Namer:       PersonRef{StaffNo: "2002"},
		Right:       RightHolder,
		Line:        []string{"111", "110", "100"},
		DeputyUnits: []string{"111"},
	}
	tests := []struct {
		name  string
		edit  func(n *DeputyNaming)
		code  string
		about string
	}{
		{"the holder names a member of the 課", func(*DeputyNaming) {}, "", ""},
		{"a member of the 部 above", func(n *DeputyNaming) { n.DeputyUnits = []string{"110"} }, "", ""},
		{"a 兼務 in the 課", func(n *DeputyNaming) { n.DeputyUnits = []string{"112", "111"} }, "", ""},
		{"someone from the 課 next door", func(n *DeputyNaming) { n.DeputyUnits = []string{"112"} }, kijun.EFORBIDDEN, "CISO 室だけ"},
		{"someone with no post", func(n *DeputyNaming) { n.DeputyUnits = nil }, kijun.EFORBIDDEN, "所属がありません"},
		{"the CISO's office names someone from elsewhere", func(n *DeputyNaming) { n.Right, n.DeputyUnits = RightCISOOffice, []string{"900"} }, "", ""},
		{"the office above names someone from elsewhere", func(n *DeputyNaming) { n.Right, n.DeputyUnits = RightLineAbove, []string{"112"} }, kijun.EFORBIDDEN, "CISO 室だけ"},
		{"a deputy names another", func(n *DeputyNaming) { n.Right, n.NamerIsDeputy = RightNone, true }, kijun.EFORBIDDEN, "別の代行者"},
		{"someone without a right", func(n *DeputyNaming) { n.Right = RightNone }, kijun.EFORBIDDEN, "9.3"},
		{"the holder names himself", func(n *DeputyNaming) { n.Appointment.StaffNo = "2002" }, kijun.EINVALID, "自分自身"},
		{"the requester of a pending request", func(n *DeputyNaming) { n.PendingOwn = []int64{4, 9} }, kijun.ECONFLICT, "No.4、No.9"},
		{"even for the CISO's office", func(n *DeputyNaming) { n.Right, n.PendingOwn = RightCISOOffice, []int64{4} }, kijun.ECONFLICT, "3.2.10ア"},
	}
	for _, tt := range tests {
		n := base
		tt.edit(&n)
		err := CheckDeputyNaming(n)
		if kijun.ErrorCode(err) != tt.code || !strings.Contains(kijun.ErrorMessage(err), tt.about) {
			t.Errorf("%s: got %v (%s), want %q saying %q", tt.name, err, kijun.ErrorCode(err), tt.code, tt.about)
		}
	}
}
