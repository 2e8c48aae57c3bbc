package web

import (
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kijun/internal/assets"
	"kijun/internal/auth"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A register form's three outcomes, as its 情報管理者 sees them: a saved
// edit redirects to the record; a second edit sent from the same, now stale,
// form is shown again with 409 and a message above it, nothing written; an
// edit with a field the register refuses is shown again with 400 and the
// reason beside the field.
func TestAssetFormOutcomes(t *testing.T) {
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	list, _, err := db.ListAssets(ctx, store.AssetFilter{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no asset in the demo city: %v", err)
	}
	a := list[0]
	manager, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(a.Unit), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := startServer(t, db)
	s := signedIn(t, db, ts.URL, auth.Account{ID: "mgr-form", DisplayName: "情報管理者", StaffNo: manager.Person.StaffNo})

	form := func(location string, confidentiality int, version int64) url.Values {
		return url.Values{
			"id": {a.ID}, "unit": {a.Unit}, "name": {a.Name}, "description": {a.Description},
			"location": {location}, "origin": {a.Origin}, "original_id": {a.OriginalID},
			"kind": {string(a.Kind)}, "stage": {string(a.Stage)},
			assets.FieldConfidentiality: {strconv.Itoa(confidentiality)}, assets.FieldConfidentialityReason: {a.ConfidentialityReason},
			assets.FieldIntegrity: {strconv.Itoa(int(a.Integrity))}, assets.FieldIntegrityReason: {a.IntegrityReason},
			assets.FieldAvailability: {strconv.Itoa(int(a.Availability))}, assets.FieldAvailabilityReason: {a.AvailabilityReason},
			"holders": {strings.Join(a.Holders, " ")}, "version": {strconv.FormatInt(version, 10)},
		}
	}
	path := "/assets/" + url.PathEscape(a.ID)
	if status, body := s.post(path, form("書庫A", int(a.Confidentiality), a.Version)); status != 303 {
		t.Fatalf("edit from the current version: %d, want 303\n%s", status, body)
	}
	if status, body := s.post(path, form("書庫B", int(a.Confidentiality), a.Version)); status != 409 || !strings.Contains(body, `id="conflict"`) {
		t.Errorf("edit from the stale version: %d, want 409 with the conflict above the form", status)
	}
	if got, err := db.Asset(ctx, a.ID); err != nil || got.Location != "書庫A" {
		t.Errorf("after the stale edit the location is %q (%v), want 書庫A kept", got.Location, err)
	}
	now, err := db.Asset(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := s.post(path, form("書庫C", 9, now.Version)); status != 400 || !strings.Contains(body, "field-error") {
		t.Errorf("edit with 機密性 9: %d, want 400 with the reason beside the field", status)
	}
}
