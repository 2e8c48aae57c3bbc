package compliance

import "testing"

// goodContract is a contract in force, stating every item of 10.1.2ア,
// with a selected, certified contractor and checked, trained staff.
func goodContract() Contract {
	return Contract{ID: "K-1", Name: "住民記録システム保守", Unit: "100", Contractor: "A", ContractorName: "株式会社エー",
		State: "active", InForce: true, Current: true, Selected: true, Class: Class{Confidentiality: 3, Assets: 2}}
}

// goodLink is an approved 再々委託 to a selected, certified contractor.
func goodLink() Link {
	return Link{ID: "S-2", Contract: "K-1", Unit: "100", From: "B", To: "C", State: "active", ContractInForce: true,
		Chain: "市 → 株式会社エー → ビー株式会社 → シー有限会社", Depth: 2, Approved: true, Selected: true}
}

func wellKeptContracts() []Contract {
	// Missing an item under a 例外措置 in force; a contract ended or not
	// yet begun is not judged.
	excepted := goodContract()
	excepted.ID, excepted.Missing, excepted.Excepted = "K-2", "ア(2)", true
	ended := goodContract()
	ended.ID, ended.State, ended.InForce, ended.Current, ended.Selected, ended.Missing, ended.Lapsed = "K-3", "ended", false, false, false, "ア(1)", "ISMS 2020-03-31"
	ended.CheckOverdue = "2020-09-30" // 10.1.3 asks no check of an ended contract
	return []Contract{goodContract(), excepted, ended}
}

func wellKeptLinks() []Link {
	// A link asked for and not yet in force, and one of an ended contract.
	asked := goodLink()
	asked.ID, asked.State, asked.Approved, asked.Selected = "S-3", "requested", false, false
	old := goodLink()
	old.ID, old.State, old.ContractInForce, old.Approved = "S-4", "found", false, false
	return []Link{goodLink(), asked, old}
}

func contract(change func(*Contract)) *Facts {
	c := goodContract()
	change(&c)
	return &Facts{Contracts: []Contract{c}}
}

func link(change func(*Link)) *Facts {
	l := goodLink()
	change(&l)
	return &Facts{Links: []Link{l}}
}

func contractShortfalls() []shortfall {
	return []shortfall{
		{"contract.selection", "10.1.1", contract(func(c *Contract) { c.Selected = false })},
		{"contract.certification-lapsed", "10.1.1", contract(func(c *Contract) { c.Lapsed = "ISMS 2026-03-31" })},
		{"contract.clauses-missing", "10.1.2.ア", contract(func(c *Contract) { c.Missing = "ア(2)" })},
		// A contract still being drawn up while its work runs.
		{"contract.clauses-missing", "10.1.2.ア", contract(func(c *Contract) { c.State, c.InForce, c.Missing = "draft", false, "ア(2)" })},
		{"contract.staff-identity", "8.3.9", contract(func(c *Contract) { c.Unchecked = "作業 太郎" })},
		{"contract.staff-training", "10.1.2.ア.(12)", contract(func(c *Contract) { c.Untrained = "作業 太郎" })},
		{"contract.check-overdue", "10.1.3", contract(func(c *Contract) { c.CheckOverdue = "2026-09-30" })},
		{"subcontract.unapproved", "10.1.4", link(func(l *Link) { l.State, l.Approved = "found", false })},
		{"subcontract.approval-expired", "10.1.4", link(func(l *Link) { l.Approved, l.Expired = false, "2026-03-31" })},
		{"subcontract.certification-lapsed", "10.1.4", link(func(l *Link) { l.Lapsed = "プライバシーマーク 2026-03-31" })},
		{"subcontract.selection", "10.1.4", link(func(l *Link) { l.Selected = false })},
	}
}

// The findings of a chain name the whole chain, and an expired approval
// says when it ended.
func TestChainFindingsNameTheChain(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.Check(link(func(l *Link) { l.Approved, l.Expired = false, "2026-03-31" }))
	if err != nil {
		t.Fatal(err)
	}
	want := "市 → 株式会社エー → ビー株式会社 → シー有限会社（承認は 2026-03-31 に終了）"
	if len(got) != 1 || got[0].Detail != want || got[0].SubjectName != goodLink().Chain || got[0].Subject != "subcontract:S-2" {
		t.Fatalf("found %+v, want one finding of subcontract:S-2 with the detail %q", got, want)
	}
}
