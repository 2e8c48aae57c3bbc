package compliance

import "testing"

// goodService is a 契約 service registered with ISMAP holding 機密性3.
func goodService() Service {
	return Service{ID: "X-1", Name: "文書管理クラウド", Provider: "株式会社エー", Unit: "100", Kind: "contract",
		ISMAP: true, ISMAPNumber: "C22-0001-1", ISMAPExpires: "2027-03-31", Confidentiality: 3, Assets: "A-1"}
}

func wellKeptServices() []Service {
	// A 約款 service with 機密性1 only, one with nothing on it, and one
	// holding 機密性2 with ISMAP.
	terms := goodService()
	terms.ID, terms.Kind, terms.ISMAP, terms.ISMAPNumber, terms.ISMAPExpires, terms.Confidentiality = "X-2", "terms", false, "", "", 1
	empty := terms
	empty.ID, empty.Confidentiality, empty.Assets = "X-3", 0, ""
	two := goodService()
	two.ID, two.Kind, two.Confidentiality = "X-4", "terms", 2
	return []Service{goodService(), terms, empty, two}
}

func service(change func(*Service)) *Facts {
	s := goodService()
	change(&s)
	return &Facts{Services: []Service{s}}
}

func serviceShortfalls() []shortfall {
	return []shortfall{
		// 約款 with 機密性3: reported once, even without ISMAP.
		{"service.terms-class3", "10.2", service(func(s *Service) { s.Kind = "terms" })},
		{"service.terms-class3", "10.2", service(func(s *Service) { s.Kind, s.ISMAP = "terms", false })},
		{"service.no-ismap", "10.2", service(func(s *Service) { s.ISMAP = false })},
		{"service.no-ismap", "10.2", service(func(s *Service) { s.Kind, s.Confidentiality, s.ISMAP, s.ISMAPNumber = "terms", 2, false, "" })},
	}
}

// A lapsed ISMAP registration is named with the assets put on the service.
func TestServiceFindingNamesLapse(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.Check(service(func(s *Service) { s.ISMAP, s.ISMAPExpires, s.Confidentiality = false, "2026-03-31", 2 }))
	if err != nil {
		t.Fatal(err)
	}
	want := "機密性2：A-1（ISMAP C22-0001-1 は 2026-03-31 に期限切れ）"
	if len(got) != 1 || got[0].Detail != want || got[0].Subject != "external_service:X-1" || got[0].Provision != "10.2" {
		t.Fatalf("found %+v, want one finding of external_service:X-1 under 10.2 with the detail %q", got, want)
	}
}
