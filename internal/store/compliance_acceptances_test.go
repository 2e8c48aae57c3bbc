package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// A finding is accepted only under a 例外措置 in force that covers its
// provision (9.5.1): each other request is refused beside the field with
// the reason, and the acceptance ends with the exception.
func TestAcceptFindingUnderAnException(t *testing.T) {
	eachPermits(t, func(t *testing.T, w *permitsWorld) {
		ctx := context.Background()
		now := w.clock()
		day := organisation.Day(now)
		found := compliance.Finding{Rule: "system.backup", Provision: "8.1.3", Severity: compliance.SeverityHigh, Kind: compliance.KindSystem,
			Subject: "system:zeimu", SubjectName: "税務システム", Unit: "111", Message: "バックアップがありません"}
		if _, _, err := w.db.RecheckSubjects(ctx, now, store.Rechecked{Subjects: []string{found.Subject}}, []compliance.Finding{found}); err != nil {
			t.Fatal(err)
		}
		exception := func(provision string, approve bool) int64 {
			t.Helper()
			x, err := w.p.File(ctx, store.Filing{Type: "exception", Requester: "1003", Submit: true,
				Fields:    map[string]string{"provision": provision, "measure": "手作業で複製", "reason": "装置の更新まで"},
				ValidFrom: day, ValidTo: day.AddDate(0, 0, 30)})
			if err != nil {
				t.Fatal(err)
			}
			if approve {
				if _, err := w.p.Decide(ctx, x.ID, store.Decision{Approve: true, Decider: "1005"}); err != nil {
					t.Fatal(err)
				}
			}
			return x.ID
		}
		takeOut, err := w.p.File(ctx, store.Filing{Type: "take_out", Requester: "1004", Submit: true,
			Fields: map[string]string{"asset": "A-1", "destination": "研修会場"}, ValidFrom: day, ValidTo: day.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		pending, other, covering := exception("8.1.3", false), exception("6.1.2", true), exception("8.1", true)
		accept := func(id int64, until time.Time) error {
			return w.db.AcceptFinding(ctx, store.Acceptance{Rule: found.Rule, Subject: found.Subject, Request: id, Until: until})
		}
		for _, c := range []struct {
			id    int64
			field string
			says  string
		}{
			{0, "request", "申請番号を選んでください"},
			{99999, "request", "申請番号 99999 の申請はありません"},
			{takeOut.ID, "request", "例外措置ではありません"},
			{pending, "request", "承認された例外措置の下でだけ"},
			{other, "request", "この指摘の条項 8.1.3 を含みません"},
		} {
			var fe *kijun.FieldErrors
			if err := accept(c.id, time.Time{}); !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != c.field || !strings.Contains(fe.Fields[0].Message, c.says) {
				t.Errorf("accept under request %d: %v, want %s saying %q", c.id, err, c.field, c.says)
			}
		}
		var fe *kijun.FieldErrors
		if err := accept(covering, day.AddDate(1, 0, 0)); !errors.As(err, &fe) || fe.Fields[0].Field != "until" {
			t.Errorf("an end other than the exception's: %v", err)
		}
		if err := accept(covering, time.Time{}); err != nil {
			t.Fatal(err)
		}
		list, _, err := w.db.ListFindings(ctx, store.FindingFilter{Subject: found.Subject})
		if err != nil || len(list) != 1 || list[0].AcceptedRequest != covering || list[0].Accepted != strconv.FormatInt(covering, 10) {
			t.Fatalf("accepted: %+v, %v", list, err)
		}
		// Seen again after the exception's end, the finding is no longer
		// accepted.
		later := now.AddDate(0, 0, 31)
		if _, _, err := w.db.RecheckSubjects(ctx, later, store.Rechecked{Subjects: []string{found.Subject}}, []compliance.Finding{found}); err != nil {
			t.Fatal(err)
		}
		if list, _, _ = w.db.ListFindings(ctx, store.FindingFilter{Subject: found.Subject}); len(list) != 1 || list[0].AcceptedRequest != 0 {
			t.Fatalf("after the exception ended: %+v", list)
		}
	})
}
