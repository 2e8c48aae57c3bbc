package operations

import (
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"

	"golang.org/x/text/encoding/japanese"
)

var now = time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)

func TestWorkRecordCheck(t *testing.T) {
	ok := WorkRecord{System: "SYS-1", At: now.Add(-time.Hour), Workers: []string{"1001"}, Summary: "OS パッチ適用", Outcome: OutcomeDone}
	if fe := ok.Check(now); len(fe) != 0 {
		t.Fatalf("a whole record: %v", fe)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*WorkRecord)
		field string
		want  string
	}{
		{"future", func(w *WorkRecord) { w.At = now.Add(time.Hour) }, FieldAt, "未来"},
		{"no time", func(w *WorkRecord) { w.At = time.Time{} }, FieldAt, "作業日時"},
		{"nobody", func(w *WorkRecord) { w.Workers = nil }, FieldWorkers, "一人以上"},
		{"twice", func(w *WorkRecord) { w.Workers = []string{"1001", "1001"} }, FieldWorkers, "重複"},
		{"no summary", func(w *WorkRecord) { w.Summary = " " }, FieldSummary, "作業内容"},
		{"outcome", func(w *WorkRecord) { w.Outcome = "maybe" }, FieldOutcome, "完了・失敗・中止"},
		{"no system", func(w *WorkRecord) { w.System = "" }, FieldSystem, "情報システム"},
	} {
		w := ok
		tt.edit(&w)
		fe := w.Check(now)
		found := false
		for _, f := range fe {
			found = found || (f.Field == tt.field && strings.Contains(f.Message, tt.want))
		}
		if !found {
			t.Errorf("%s: got %v, want %s: …%s…", tt.name, fe, tt.field, tt.want)
		}
	}
}

func TestReadWorkCSV(t *testing.T) {
	good := "\ufeffチケット番号,システムID,作業日時,作業者,作業内容,対象,結果\n" +
		"T-1,SYS-1,2026-05-01 10:00,1001、1002,パッチ適用,web01,完了\n" +
		"T-2,SYS-1,2026/05/02 9:30,1001,再起動,web01,failed\n"
	rows, err := ReadWorkCSV(strings.NewReader(good), now)
	if err != nil || len(rows) != 2 {
		t.Fatalf("good file: %d rows, %v", len(rows), err)
	}
	if r := rows[0].Record; r.Ticket != "T-1" || len(r.Workers) != 2 || r.Outcome != OutcomeDone || r.At.Hour() != 1 {
		t.Errorf("first row read as %+v", r)
	}
	if rows[1].Record.Outcome != OutcomeFailed || rows[1].Line != 3 {
		t.Errorf("second row read as %+v", rows[1])
	}
	// Japanese systems write Shift_JIS: it reads as UTF-8 does.
	sjis, err := japanese.ShiftJIS.NewEncoder().String(strings.TrimPrefix(good, "\ufeff"))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := ReadWorkCSV(strings.NewReader(sjis), now); err != nil || len(rows) != 2 || rows[0].Record.Ticket != "T-1" {
		t.Errorf("the same file in Shift_JIS: %d rows, %v", len(rows), err)
	}
	for _, tt := range []struct{ name, file, want string }{
		{"empty", "", "空"},
		{"no column", "システムID,作業日時\nS,2026-01-01 00:00\n", "列「作業者」がありません"},
		{"future", "システムID,作業日時,作業者,作業内容,結果\nS,2027-01-01 00:00,1,x,完了\n", "2 行目"},
		{"bad time", "システムID,作業日時,作業者,作業内容,結果\nS,yesterday,1,x,完了\n", "作業日時 \"yesterday\" を読めません"},
		{"one wrong of two", "システムID,作業日時,作業者,作業内容,結果\nS,2026-01-01 00:00,1,x,完了\nS,2026-01-01 00:00,1,x,?\n", "3 行目"},
		{"ticket twice", "チケット番号,システムID,作業日時,作業者,作業内容,結果\nA,S,2026-01-01 00:00,1,x,完了\nA,S,2026-01-02 00:00,1,y,完了\n", "2 行目にもあります"},
		{"not text", "\xff\xfe\x80\n\xff\xfe\n", "UTF-8 か Shift_JIS"},
		{"bad quote", "システムID,作業日時,作業者,作業内容,結果\n\"S,2026-01-01 00:00,1,x,完了\n", "CSV として読めません"},
	} {
		rows, err := ReadWorkCSV(strings.NewReader(tt.file), now)
		if err == nil || kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), tt.want) || rows != nil {
			t.Errorf("%s: got %d rows, %v; want EINVALID …%s…", tt.name, len(rows), err, tt.want)
		}
	}
}

func TestChangeTwoPeople(t *testing.T) {
	plan := Change{System: "SYS-1", Title: "Web サーバ更新", Reason: "脆弱性対応", Risk: "停止", Rollback: "旧版に戻す",
		Versions: []VersionChange{{"httpd", "2.4.57", "2.4.58"}}}
	c, err := Plan(plan, "1001", true, now)
	if err != nil || c.State != ChangePlanned {
		t.Fatalf("plan: %v %v", c.State, err)
	}
	if _, err := Carry(c, "1001", []string{"1002"}, now, OutcomeDone, "", now); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("carried out before approval: %v", err)
	}
	if _, err := Approve(c, "1001", now); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
		t.Errorf("the planner approves their own change: %v", err)
	}
	if c, err = Approve(c, "2001", now); err != nil {
		t.Fatal(err)
	}
	if _, err := Carry(c, "1001", nil, now.Add(time.Hour), OutcomeDone, "", now); kijun.ErrorCode(err) != kijun.EINVALID {
		t.Errorf("done in the future: %v", err)
	}
	if c, err = Carry(c, "1001", []string{"1002"}, now.Add(-time.Minute), OutcomeDone, "", now); err != nil {
		t.Fatal(err)
	}
	if c.Alone(now) {
		t.Error("a change done by two is not alone while its confirmation is awaited")
	}
	if _, err := Confirm(c, "1001", now); err == nil || !strings.Contains(err.Error(), "本人は確認者になれません") {
		t.Errorf("the one who did it confirms it: %v", err)
	}
	if _, err := Confirm(c, "3003", now); err == nil || !strings.Contains(err.Error(), "立ち会った者だけ") {
		t.Errorf("someone not there confirms it: %v", err)
	}
	if !c.Alone(now.Add(ConfirmWithin + time.Hour)) {
		t.Error("a change never confirmed counts as done alone")
	}
	if c, err = Confirm(c, "1002", now); err != nil || c.State != ChangeConfirmed {
		t.Fatalf("the second person confirms: %v %v", c.State, err)
	}
	solo, _ := Plan(plan, "1001", false, now)
	solo, err = Carry(solo, "1001", nil, now, OutcomeDone, "", now)
	if err != nil || !solo.Alone(now) {
		t.Errorf("a change done by one person alone is recorded, and stands as a finding: %v %v", solo.Alone(now), err)
	}
	if _, err := Plan(Change{System: "S"}, "1001", false, now); err == nil || !strings.Contains(err.Error(), "切り戻し手順") {
		t.Errorf("a plan without its way back: %v", err)
	}
}

func TestParseVersions(t *testing.T) {
	vs, err := ParseVersions("Apache httpd 2.4.57 -> 2.4.58\nOpenSSL → 3.0.13\n")
	if err != nil || len(vs) != 2 || vs[0].Product != "Apache httpd" || vs[0].Before != "2.4.57" || vs[1].Product != "OpenSSL" || vs[1].After != "3.0.13" {
		t.Fatalf("got %+v, %v", vs, err)
	}
	if back, _ := ParseVersions(FormatVersions(vs)); len(back) != 2 || back[0] != vs[0] {
		t.Errorf("round trip: %+v", back)
	}
	if _, err := ParseVersions("httpd 2.4.57"); err == nil {
		t.Error("a line without -> is refused")
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"2.4.57", "2.4.58", -1}, {"2.4.10", "2.4.9", 1}, {"1.0", "1.0.0", 0}, {"1.2.3-rc1", "1.2.3", -1},
		{"9.3p2", "9.3p1", 1}, {"9.3p1", "9.3", 1}, {"1.1.1w", "1.1.1k", 1}, {"1.1.1", "1.1.1a", -1},
		{"2019", "2016", 1}, {"10.0.17763", "10.0.19041", -1},
	} {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestCPE(t *testing.T) {
	c, err := ParseCPE("cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*")
	if err != nil || c.Vendor() != "apache" || c.Product() != "http_server" || c.Version() != "2.4.57" {
		t.Fatalf("got %v %q %q %q", err, c.Vendor(), c.Product(), c.Version())
	}
	for _, bad := range []string{"", "apache httpd", "cpe:2.3:x:apache:httpd", "cpe:2.3:a:*:*:*", "cpe:2.3:a:apache"} {
		if _, err := ParseCPE(bad); kijun.ErrorCode(err) != kijun.EINVALID {
			t.Errorf("ParseCPE(%q) = %v, want EINVALID", bad, err)
		}
	}
	p, err := ProposeCPE("Apache", "HTTP Server", "2.4.57")
	if err != nil || p.String() != "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*" {
		t.Errorf("proposed %q, %v", p.String(), err)
	}
	crit, _ := ParseCPE("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*")
	if !crit.Matches(c) {
		t.Error("a criterion of any version names the product")
	}
	other, _ := ParseCPE("cpe:2.3:a:apache:tomcat:9.0.1:*:*:*:*:*:*:*")
	if crit.Matches(other) {
		t.Error("another product is not named")
	}
}

func TestAffectCovers(t *testing.T) {
	a := Affect{StartIncluding: "2.4.0", EndExcluding: "2.4.58"}
	for v, want := range map[string]bool{"2.4.0": true, "2.4.57": true, "2.4.58": false, "2.3.9": false, "": false, "*": false} {
		if got := a.Covers(v); got != want {
			t.Errorf("[2.4.0, 2.4.58) covers %q: %v, want %v", v, got, want)
		}
	}
	if !(Affect{EndIncluding: "3.0"}).Covers("3.0") || (Affect{StartExcluding: "1.0"}).Covers("1.0") {
		t.Error("inclusive and exclusive ends")
	}
	if !(Affect{Exact: "1.2"}).Covers("1.2.0") || (Affect{Exact: "1.2"}).Covers("1.3") {
		t.Error("an exact version")
	}
}

func TestInventoryMatch(t *testing.T) {
	httpd, _ := ParseCPE("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*")
	inv := NewInventory([]Installed{
		{System: "A", Name: "Apache httpd", Version: "2.4.57", CPE: httpd},
		{System: "B", Name: "Apache httpd", Version: "2.4.58", CPE: httpd},
		{System: "C", Name: "lodash", Version: "4.17.20"},
	})
	v := Vuln{ID: "CVE-2024-0001", Affects: []Affect{{CPE: httpd.String(), Vendor: "apache", Product: "http_server", EndExcluding: "2.4.58"}}}
	hits := inv.Match(v)
	if len(hits) != 1 || hits[0].System != "A" || hits[0].Fixed != "2.4.58" {
		t.Errorf("NVD hits: %+v", hits)
	}
	o := Vuln{ID: "GHSA-x", Affects: []Affect{{Product: "lodash", EndExcluding: "4.17.21"}}}
	if hits := inv.Match(o); len(hits) != 1 || hits[0].System != "C" {
		t.Errorf("OSV hits by package name: %+v", hits)
	}
	u := DefaultUrgency()
	if name, days := u.Rate(9.8, ""); name != "critical" || days != 7 {
		t.Errorf("9.8 rated %s, %d days", name, days)
	}
	if name, days := u.Rate(7.5, ""); name != "high" || days != 30 {
		t.Errorf("7.5 rated %s, %d days", name, days)
	}
}

func TestLogReviewDue(t *testing.T) {
	p := LogPolicy{System: "S", Reviewer: "1001", EveryDays: 30, OnFailure: "業者へ連絡", UpdatedAt: now.AddDate(0, -3, 0)}
	if fe := p.Check(); len(fe) != 0 {
		t.Fatal(fe)
	}
	if fe := (LogPolicy{EveryDays: 0}).Check(); len(fe) != 3 {
		t.Errorf("an empty policy: %v", fe)
	}
	if due, finding := p.ReviewLate(now.AddDate(0, 0, -10), now); due || finding {
		t.Error("reviewed ten days ago, every thirty: nothing due")
	}
	if due, finding := p.ReviewLate(now.AddDate(0, 0, -35), now); !due || finding {
		t.Error("five days late: a reminder, not yet a finding")
	}
	if due, finding := p.ReviewLate(time.Time{}, now); !due || !finding {
		t.Error("never reviewed in three months: a finding")
	}
	if fe := (LogReview{At: now.Add(time.Hour), Reviewer: "1"}).Check(now); len(fe) != 1 {
		t.Errorf("a review in the future: %v", fe)
	}
}

func TestReadEndpointCSV(t *testing.T) {
	rows, err := ReadEndpointCSV(strings.NewReader("機器ID,ウイルス対策ソフト,定義ファイル日付,OS更新日\nPC-1,Defender,2026-05-31,2026/5/10\nPC-2,,2026-05-30 09:00,\n"), now)
	if err != nil || len(rows) != 2 || rows[0].Status.Pattern.Day() != 31 || rows[1].Status.OSUpdated.IsZero() == false {
		t.Fatalf("read %+v, %v", rows, err)
	}
	for _, tt := range []struct{ name, file, want string }{
		{"no device column", "定義ファイル日付\n2026-01-01\n", "列「機器ID」"},
		{"no date column", "機器ID\nPC-1\n", "OS更新日」が要ります"},
		{"future", "機器ID,定義ファイル日付\nPC-1,2027-01-01\n", "未来"},
		{"bad date", "機器ID,定義ファイル日付\nPC-1,yesterday\n", "読めません"},
		{"twice", "機器ID,定義ファイル日付\nPC-1,2026-01-01\nPC-1,2026-01-02\n", "2 行目にもあります"},
		{"no dates", "機器ID,定義ファイル日付,OS更新日\nPC-1,,\n", "OS更新日もありません"},
	} {
		if _, err := ReadEndpointCSV(strings.NewReader(tt.file), now); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want …%s…", tt.name, err, tt.want)
		}
	}
}
