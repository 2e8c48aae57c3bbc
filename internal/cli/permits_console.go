package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

const permitStepUsage = `permits file TYPE [KEY=VALUE ...] [--from DATE] [--to DATE] [--draft]
permits decide ID approve|reject [--reason TEXT] [--judgement TEXT] [--note TEXT] [--unavoidable]
File a request of TYPE with its fields as KEY=VALUE, or decide the pending step of request ID
(3.2.10, 6.4, 7.1.1, 9.5), by the rules of the request's page:
  --as STAFF_NO    act as that person, on the database (--db, env KIJUN_DB)
  --server URL     act through that server's API with --token, as the token's
                   person (env KIJUN_SERVER, KIJUN_TOKEN)
On the database no mail is queued for the step: the server's reminders of
waiting approvals still find it (kijun permits due).
申請の提出と承認・却下（職員として、又は API 経由で）。`

// permitStep is what a console permit command asks: a filing or a
// decision, read from the arguments before either way of acting.
type permitStep struct {
	filing   store.Filing
	from, to string // as typed, sent as such to a server
	id       int64
	decision store.Decision
}

// runPermitStep files or decides a request through the one service every
// way in passes (store.Permits): on the database as --as, or on a server
// through its permit API as the token's person.
func runPermitStep(ctx context.Context, e *env, sub string, args []string) error {
	fs := newFlags(e, "permits "+sub, permitStepUsage)
	var d dbFlags
	d.register(fs, e)
	var srv serverFlags
	srv.register(fs, e)
	as := fs.String("as", "", "the staff number of who acts, on the database / 申請・承認する職員の職員番号")
	from := fs.String("from", "", "valid from, such as 2026-06-01 / 有効期間の開始日")
	to := fs.String("to", "", "valid to, such as 2026-06-30 / 有効期間の終了日")
	draft := fs.Bool("draft", false, "keep it a draft, not submitted / 下書きとして保存")
	reason := fs.String("reason", "", "the reason (a rejection, or an unavoidable decision on one's own request) / 理由")
	judgement := fs.String("judgement", "", "the decider's judgement / 判断")
	note := fs.String("note", "", "a note / 備考")
	unavoidable := fs.Bool("unavoidable", false, "deciding one's own request as unavoidable (3.2.10ア) / やむを得ない場合")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	st, err := readPermitStep(sub, rest, *from, *to)
	if err != nil {
		return err
	}
	st.filing.Submit = !*draft
	st.decision = store.Decision{Unavoidable: *unavoidable, Reason: *reason, Judgement: *judgement, Note: *note, Approve: st.decision.Approve}
	notes := map[string]string{"reason": *reason, "note": *note}
	if err := permits.CheckNotes(func(k string) string { return notes[k] }).AsError(); err != nil {
		return err
	}
	api, err := srv.client()
	if err != nil {
		return err
	}
	var req permits.Request
	if api != nil {
		if *as != "" {
			return errServerAs
		}
		if sub == "file" {
			body := map[string]any{"type": st.filing.Type, "fields": st.filing.Fields, "valid_from": st.from, "valid_to": st.to, "draft": *draft}
			if _, err := api.Do(ctx, "POST", "/api/v1/permits", body, "", &req); err != nil {
				return err
			}
		} else {
			path := "/api/v1/permits/" + strconv.FormatInt(st.id, 10)
			tag, err := api.Do(ctx, "GET", path, nil, "", nil)
			if err != nil {
				return err
			}
			verdict := "reject"
			if st.decision.Approve {
				verdict = "approve"
			}
			body := map[string]any{"decision": verdict, "unavoidable": *unavoidable, "reason": *reason, "judgement": *judgement, "note": *note}
			if _, err := api.Do(ctx, "POST", path+"/decide", body, tag, &req); err != nil {
				return err
			}
		}
	} else {
		if *as == "" {
			return kijun.Errorf(kijun.EINVALID, "permits %s needs --as STAFF_NO or --server: the person who files or decides", sub)
		}
		reg, err := permits.Default()
		if err != nil {
			return err
		}
		db, err := d.openReady(ctx, e, true)
		if err != nil {
			return err
		}
		defer db.Close()
		p, ctx, err := consolePerson(ctx, db, *as)
		if err != nil {
			return err
		}
		svc := db.Permits(reg)
		if sub == "file" {
			st.filing.Requester = p.StaffNo
			req, err = svc.File(ctx, st.filing)
			if req.ID == 0 {
				return err
			}
		} else {
			st.decision.Decider = p.StaffNo
			if req, err = svc.Decide(ctx, st.id, st.decision); err != nil {
				return err
			}
		}
	}
	if sub == "file" && !*draft && req.State == permits.StateDrafted {
		// Filed, but no approver could be found on the day: the request
		// stays a draft, as on its page, until the organisation names one.
		return kijun.Errorf(kijun.EINVALID, "申請 No.%d は下書きのままです: 承認者が見つかりません（組織の役割を確認してください）", req.ID)
	}
	fmt.Fprintf(e.stdout, "申請 No.%d: %s\n", req.ID, req.State)
	return nil
}

// readPermitStep reads the arguments of permits file or decide.
func readPermitStep(sub string, rest []string, from, to string) (permitStep, error) {
	st := permitStep{from: strings.TrimSpace(from), to: strings.TrimSpace(to)}
	switch sub {
	case "file":
		if len(rest) == 0 {
			return st, kijun.Errorf(kijun.EINVALID, "permits file takes the request type and its fields as KEY=VALUE: see kijun permits -h")
		}
		st.filing = store.Filing{Type: rest[0], Fields: map[string]string{}}
		for _, kv := range rest[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return st, kijun.Errorf(kijun.EINVALID, "permits file: %q is not KEY=VALUE", kv)
			}
			if v = strings.TrimSpace(v); v != "" {
				st.filing.Fields[strings.TrimSpace(k)] = v
			}
		}
		for _, x := range []struct {
			flag, v string
			to      *time.Time
		}{{"--from", st.from, &st.filing.ValidFrom}, {"--to", st.to, &st.filing.ValidTo}} {
			if x.v == "" {
				continue
			}
			day, err := organisation.ParseDate(x.v)
			if err != nil {
				return st, kijun.Errorf(kijun.EINVALID, "%s %q: 日付は 2026-06-01 のように指定してください", x.flag, x.v)
			}
			*x.to = day
		}
	case "decide":
		if len(rest) != 2 || (rest[1] != "approve" && rest[1] != "reject") {
			return st, kijun.Errorf(kijun.EINVALID, "permits decide takes the request's number and approve or reject")
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(rest[0], "No."), 10, 64)
		if err != nil || id <= 0 {
			return st, kijun.Errorf(kijun.EINVALID, "permits decide: %q is not a request number", rest[0])
		}
		st.id, st.decision.Approve = id, rest[1] == "approve"
	}
	return st, nil
}
