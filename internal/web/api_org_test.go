package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kijun/internal/demo"
)

func TestOrganisationAPI(t *testing.T) {
	ts, db := newTestServer(t)
	if _, err := demo.Generate(context.Background(), db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, ts.URL+"/api/v1/org/roles/info_manager/holder?scope=unit:10101&date=2026-11-01")
	var h struct {
		Person struct {
			StaffNo string `json:"staff_no"`
		} `json:"person"`
		Basis string
	}
	if err := json.Unmarshal([]byte(body), &h); err != nil || resp.StatusCode != 200 || h.Person.StaffNo == "" || h.Basis == "" {
		t.Errorf("情報管理者 of 10101: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, ts.URL+"/api/v1/org/units?date=2026-11-01")
	if resp.StatusCode != 200 || !strings.Contains(body, `"code": "10101"`) {
		t.Errorf("units: %d %.200s", resp.StatusCode, body)
	}
	for _, tt := range []struct {
		path   string
		status int
		msg    string
	}{
		{"/api/v1/org/units?date=2026-13-40", 400, "YYYY-MM-DD"},
		{"/api/v1/org/roles/ciso/holder?scope=galaxy", 400, "scope は city"},
		{"/api/v1/org/people/999999999", 404, ""},
		{"/api/v1/org/people", 400, "q を指定してください"},
		{"/api/v1/org/units/nope", 404, ""},
	} {
		resp, body := get(t, ts.URL+tt.path)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.msg) || !strings.Contains(body, `"detail"`) {
			t.Errorf("%s: %d %s, want %d with %q", tt.path, resp.StatusCode, body, tt.status, tt.msg)
		}
	}
}
