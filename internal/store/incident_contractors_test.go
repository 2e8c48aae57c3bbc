package store_test

import (
	"context"
	"testing"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/registers"
)

// An incident names the 委託事業者 involved (10.1): only one of the
// register, and a contract only if it is that contractor's; the CSIRT's
// cause of 委託先 must name one; the statistics count the incidents by
// contractor and the contractor's page lists them.
func TestIncidentContractor(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		con := registers.Console()
		ctx := kijun.WithActor(context.Background(), kijun.Actor{ID: organisation.ActorID("1004")})
		for _, c := range []contractors.Contractor{firm("A", "株式会社エー", ""), firm("B", "ビー有限会社", "")} {
			if _, err := w.db.CreateContractor(ctx, con, c); err != nil {
				t.Fatal(err)
			}
		}
		from := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		if _, err := w.db.CreateContract(ctx, con, contractors.Contract{ID: "K-1", Name: "住民記録システム保守", Unit: "111", Contractor: "A",
			From: from, To: from.AddDate(1, 0, -1), State: contractors.StateActive, Articles: allArticles()}); err != nil {
			t.Fatal(err)
		}
		now := w.db.Now()

		bad := lostUSBReport(now)
		bad.ContractorID = "Z"
		_, _, err := w.db.FileIncident(ctx, bad)
		wantField(t, err, incidents.FieldContractor, "台帳にありません")
		bad.ContractorID, bad.ContractID = "B", "K-1"
		_, _, err = w.db.FileIncident(ctx, bad)
		wantField(t, err, incidents.FieldContract, "B との契約ではありません")

		// Naming only the contract names its contractor.
		in := lostUSBReport(now)
		in.ContractID = "K-1"
		in, _, err = w.db.FileIncident(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if in.ContractorID != "A" {
			t.Errorf("contractor of a report naming K-1: got %q, want A", in.ContractorID)
		}
		f, err := w.db.IncidentFile(ctx, in.ID)
		if err != nil || f.Incident.ContractorName != "株式会社エー" {
			t.Errorf("the report's page names the contractor: got %q (%v)", f.Incident.ContractorName, err)
		}

		// A second report names none; the CSIRT finds 委託先 and must say which.
		other, _, err := w.db.FileIncident(ctx, lostUSBReport(now))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := w.db.TriageIncident(ctx, other.ID, other.Version, incidents.Triage{IsIncident: true, Severity: incidents.SeverityMedium})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.db.RecordIncidentCause(ctx, other.ID, tr.Version, incidents.Finding{Cause: incidents.CauseContractor, Text: "委託先の作業員が持ち出した"})
		wantField(t, err, incidents.FieldContractor, "委託事業者を選んでください")
		if _, err = w.db.RecordIncidentCause(ctx, other.ID, tr.Version, incidents.Finding{Cause: incidents.CauseContractor,
			Text: "委託先の作業員が持ち出した", ContractorID: "B"}); err != nil {
			t.Fatal(err)
		}
		tr2, err := w.db.TriageIncident(ctx, in.ID, in.Version, incidents.Triage{IsIncident: true, Severity: incidents.SeverityLow})
		if err != nil {
			t.Fatal(err)
		}
		if _, err = w.db.RecordIncidentCause(ctx, in.ID, tr2.Version, incidents.Finding{Cause: incidents.CauseContractor,
			Text: "保守作業で", ContractorID: "A", ContractID: "K-1"}); err != nil {
			t.Fatal(err)
		}

		rows, err := w.db.IncidentStatRows(ctx, now.Add(-48*time.Hour), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		st := incidents.Compute(rows)
		if len(st.ByContractor) != 2 || st.ByContractor[0] != (incidents.Count{Key: "A", Label: "株式会社エー", N: 1}) ||
			st.ByContractor[1] != (incidents.Count{Key: "B", Label: "ビー有限会社", N: 1}) {
			t.Errorf("by contractor: got %+v", st.ByContractor)
		}
		list, err := w.db.ContractorIncidents(ctx, "B", 50)
		if err != nil || len(list) != 1 || list[0].ID != other.ID || list[0].Cause != incidents.CauseContractor {
			t.Errorf("incidents of B: got %+v (%v)", list, err)
		}
	})
}
