package cli

import (
	"context"
	"fmt"
	"net/url"

	"kijun/internal/compliance/work"
	"kijun/internal/kijun"
	"kijun/internal/registers"
)

const findingsUsage = `Usage: kijun findings COMMAND RULE SUBJECT [ARG] [flags]

Work on the continuous check's findings (9.2.1ア, イ) / 指摘事項への対応:
  assign RULE SUBJECT STAFF_NO   name the owner (the 課's 情報管理者 or above)
  start RULE SUBJECT             mark it in progress
  close RULE SUBJECT             close it; --comment says what was done (9.2.1イ)
  comment RULE SUBJECT           add --comment

  --comment TEXT   what was done or said / コメント
  --as STAFF_NO    work as that person, on the database (--db, env KIJUN_DB)
  --server URL     work through that server's API with --token, as the
                   token's person (env KIJUN_SERVER, KIJUN_TOKEN)

Either --as or --server names who acts: the rules of the finding's page
decide whether they may (its owner, the 課's managers, the CISO's office).`

// runFindings changes a finding's work through the one gate every way in
// passes (registers.Findings.Work): on the database as --as, or on a
// server through its API as the token's person.
func runFindings(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, findingsUsage)
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(e, "findings "+sub, findingsUsage)
	var d dbFlags
	d.register(fs, e)
	var srv serverFlags
	srv.register(fs, e)
	comment := fs.String("comment", "", "the comment / コメント")
	as := fs.String("as", "", "the staff number of who acts, on the database / 対応する職員の職員番号")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	want := map[string]int{"assign": 3, "start": 2, "close": 2, "comment": 2}
	n, ok := want[sub]
	if !ok {
		return kijun.Errorf(kijun.EINVALID, "unknown findings command %q (assign, start, close, comment)", sub)
	}
	if len(rest) != n {
		return kijun.Errorf(kijun.EINVALID, "findings %s takes %d arguments: see kijun findings -h", sub, n)
	}
	c := work.Change{Rule: rest[0], Subject: rest[1], Comment: *comment}
	switch sub {
	case "assign":
		c.Owner = rest[2]
	case "start":
		c.State = work.StateInProgress
	case "close":
		c.State = work.StateClosed
	}
	api, err := srv.client()
	if err != nil {
		return err
	}
	if api != nil {
		if *as != "" {
			return errServerAs
		}
		path := "/api/v1/findings/" + url.PathEscape(c.Rule) + "/" + url.PathEscape(c.Subject)
		tag, err := api.Do(ctx, "GET", path, nil, "", nil)
		if err != nil {
			return err
		}
		body := map[string]string{"state": string(c.State), "owner": c.Owner, "comment": c.Comment}
		for k, v := range body {
			if v == "" {
				delete(body, k)
			}
		}
		if _, err := api.Do(ctx, "POST", path, body, tag, nil); err != nil {
			return err
		}
	} else {
		if *as == "" {
			return kijun.Errorf(kijun.EINVALID, "findings %s needs --as STAFF_NO or --server: someone the finding's rules let act", sub)
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
		if _, err := registers.New(db).Findings.Work(ctx, p, c); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "指摘 %s %s を更新しました\n", c.Rule, c.Subject)
	return nil
}
