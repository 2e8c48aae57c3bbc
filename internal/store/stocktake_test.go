package store_test

import (
	"strings"
	"testing"

	"kijun/internal/corrective"
	"kijun/internal/devices"
	"kijun/internal/incidents"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/stocktake"
	"kijun/internal/store"
	"kijun/internal/store/storetest"

	"kijun/internal/assets"
)

// TestStocktake walks a stocktake of 課 111 (9.2.2): started by its
// 情報管理者, not by a member of staff; items marked by the 課's staff,
// not by another 課's, a typed ID that is not in the count refused, an
// elsewhere without a place refused; the closing refused while an item is
// unmarked; then closed, the missing medium that held 機密性2 data
// becoming a corrective action citing 9.2.2 and an incident report of a
// loss. Every refusal writes nothing.
func TestStocktake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		deputyOrg(t, db)
		ctx := t.Context()
		for _, m := range []string{"M-1", "M-2"} {
			if _, err := db.CreateMedium(ctx, registers.Console(), devices.Medium{Entry: devices.Entry{ID: m, Name: "USB " + m, Unit: "111"}, Kind: devices.MediumUSB, Encrypted: true, Location: "執務室"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.CreateDevice(ctx, registers.Console(), devices.Device{Entry: devices.Entry{ID: "PC-1", Name: "共用パソコン", Unit: "111"}, Kind: devices.DevicePC}); err != nil {
			t.Fatal(err)
		}
		a := asset("A-1", "111", "住民名簿", 2)
		a.Holders = []string{"medium:M-1"}
		if _, err := db.CreateAsset(ctx, registers.Console(), a, assets.KobeScales()); err != nil {
			t.Fatal(err)
		}
		manager := stocktake.Taker{StaffNo: "2002", Manages: map[string]bool{"111": true}, Units: map[string]bool{"111": true}}
		staff := stocktake.Taker{StaffNo: "2004", Units: map[string]bool{"111": true}}
		other := stocktake.Taker{StaffNo: "2005", Units: map[string]bool{"112": true}}
		unchanged := func(what string, f func() error) {
			t.Helper()
			before, _, _ := db.Head(ctx)
			err := f()
			if err == nil {
				t.Fatalf("%s: accepted", what)
			}
			if after, _, _ := db.Head(ctx); after != before {
				t.Errorf("%s: refused (%v) but the ledger moved from %d to %d", what, err, before, after)
			}
		}
		unchanged("a member of staff starts a stocktake", func() error {
			_, err := db.StartStocktake(as("2004"), staff, "111", "")
			if kijun.ErrorCode(err) != kijun.EFORBIDDEN {
				t.Errorf("staff start: %v, want forbidden", err)
			}
			return err
		})
		s, err := db.StartStocktake(as("2002"), manager, "111", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Items) != 3 || s.Items[0].Kind != stocktake.KindDevice {
			t.Fatalf("items = %+v, want PC-1, M-1, M-2", s.Items)
		}
		if it, _ := s.Find("medium:M-1"); it.Confidentiality != 2 {
			t.Errorf("M-1 holds 機密性 %d, want 2", it.Confidentiality)
		}
		for _, c := range []struct {
			what  string
			who   stocktake.Taker
			code  string
			mark  stocktake.Mark
			place string
			kind  string
		}{
			{"another 課 marks", other, "medium:M-2", stocktake.MarkFound, "", kijun.EFORBIDDEN},
			{"an ID not in the count", staff, "M-9", stocktake.MarkFound, "", kijun.EINVALID},
			{"elsewhere without a place", staff, "M-2", stocktake.MarkElsewhere, "", kijun.EINVALID},
		} {
			unchanged(c.what, func() error {
				_, err := db.MarkStocktakeItem(as(c.who.StaffNo), c.who, s.ID, c.code, c.mark, c.place)
				if kijun.ErrorCode(err) != c.kind {
					t.Errorf("%s: %v, want %s", c.what, err, c.kind)
				}
				return err
			})
		}
		if _, err := db.MarkStocktakeItem(as("2004"), staff, s.ID, "device:PC-1", stocktake.MarkFound, ""); err != nil {
			t.Fatal(err)
		}
		unchanged("closing with items unmarked", func() error {
			_, err := db.CloseStocktake(as("2002"), manager, s.ID)
			if err == nil || !strings.Contains(err.Error(), "未確認の機器・媒体が 2 件") {
				t.Errorf("close with 2 unmarked: %v", err)
			}
			return err
		})
		if _, err := db.MarkStocktakeItem(as("2004"), staff, s.ID, "M-2", stocktake.MarkElsewhere, "第2会議室"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MarkStocktakeItem(as("2004"), staff, s.ID, "medium:M-1", stocktake.MarkMissing, ""); err != nil {
			t.Fatal(err)
		}
		unchanged("staff close", func() error {
			_, err := db.CloseStocktake(as("2004"), staff, s.ID)
			return err
		})
		s, err = db.CloseStocktake(as("2002"), manager, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.State != stocktake.StateClosed {
			t.Errorf("state = %s", s.State)
		}
		for _, it := range s.Items {
			if missing := it.ID == "M-1"; (it.ActionID != 0) != missing || (it.IncidentID != 0) != missing {
				t.Errorf("%s: action %d, incident %d", it.Code(), it.ActionID, it.IncidentID)
			}
		}
		m1, _ := s.Find("medium:M-1")
		act, err := db.CorrectiveAction(ctx, corrective.Officer{Console: true}, m1.ActionID)
		if err != nil {
			t.Fatal(err)
		}
		if act.Source.Kind != corrective.SourceStocktake || act.Provisions[0] != "9.2.2" || act.Owner != "2002" {
			t.Errorf("action = %+v", act)
		}
		in, err := db.Incident(ctx, m1.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		if in.Kind != incidents.KindLoss || in.Unit != "111" || in.Reporter != "2002" || !strings.Contains(in.Title, "M-1") {
			t.Errorf("incident = %+v", in)
		}
		unchanged("marking a closed stocktake", func() error {
			_, err := db.MarkStocktakeItem(as("2004"), staff, s.ID, "M-2", stocktake.MarkFound, "")
			if kijun.ErrorCode(err) != kijun.ECONFLICT {
				t.Errorf("mark after close: %v", err)
			}
			return err
		})
		if got, err := db.Stocktakes(ctx, other, ""); err != nil || len(got) != 0 {
			t.Errorf("課 112 lists %d stocktakes (%v), want none", len(got), err)
		}
		if _, err := db.Stocktake(ctx, other, s.ID); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("課 112 reads 111's stocktake: %v", err)
		}
	})
}
