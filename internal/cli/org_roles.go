package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"kijun/internal/appointments"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

const orgRolesUsage = `Usage:
  kijun org appoint ROLE STAFF_NO --from DATE [--to DATE] [--system ID | --unit CODE]
                    [--unavoidable REASON] [--as STAFF_NO]
  kijun org roles export -o FILE [--format xlsx|csv|csv-sjis]
  kijun org roles import [--dry-run] [--as STAFF_NO] FILE
  kijun org roles template -o FILE

appoint: appoint a person to a role of 3.1 or 3.3.1 from a date (3.2.10 兼務の禁止 is
checked: the audit director holds no other role, and a role whose requests another of
the person's roles decides needs --unavoidable with the reason). ROLE is one of:
%s
--as names the person doing it, who must be an administrator, the CISO, the
統括責任者 or the 情報セキュリティ管理者; without it the ledger names the
operating-system user at the console.

roles export: every appointment, as a workbook or CSV.
roles import: the appointments of a workbook or CSV (the template's columns, or an export
edited), all or none, each row checked as appoint checks one; rows already made are left.`

func roleCodes() string {
	var b strings.Builder
	for _, s := range organisation.RoleSpecs() {
		fmt.Fprintf(&b, "  %-18s %s (%s, %s)\n", s.Role, s.Label, s.Clause, s.ScopeKind)
	}
	return strings.TrimRight(b.String(), "\n")
}

// runOrgRoles runs org appoint and org roles.
func runOrgRoles(ctx context.Context, e *env, sub string, args []string) error {
	usage := fmt.Sprintf(orgRolesUsage, roleCodes())
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(e.stdout, usage)
		return nil
	}
	fs := newFlags(e, "org "+sub, usage)
	var d dbFlags
	d.register(fs, e)
	from := fs.String("from", "", "appoint: the first day, YYYY-MM-DD / 開始日")
	to := fs.String("to", "", "appoint: the last day, YYYY-MM-DD (default: open) / 終了日")
	system := fs.String("system", "", "appoint: the system of a system role / 業務システム")
	unit := fs.String("unit", "", "appoint: the unit of a unit role / 組織コード")
	unavoidable := fs.String("unavoidable", "", "appoint: why a concurrent role is unavoidable (3.2.10ア) / やむを得ない理由")
	as := fs.String("as", "", "the staff number of the person doing this / 操作する職員の職員番号")
	out := fs.String("o", "", "roles export, template: the file to write / 出力先")
	dryRun := fs.Bool("dry-run", false, "roles import: check every row; write nothing / 確認のみ")
	format := fs.String("format", sheets.XLSX, "roles export: xlsx, csv or csv-sjis / 形式")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, false)
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case sub == "roles" && len(rest) == 1 && rest[0] == "export":
		if *out == "" {
			return kijun.Errorf(kijun.EINVALID, "org roles export needs -o FILE")
		}
		return exportRoles(ctx, db, *out, *format)
	case sub == "roles" && len(rest) == 1 && rest[0] == "template":
		return writeOut("org roles template", *out, appointments.WriteTemplate)
	case sub == "roles" && len(rest) == 2 && rest[0] == "import":
		return importRoles(ctx, e, db, rest[1], *as, *dryRun)
	case sub == "roles":
		return kijun.Errorf(kijun.EINVALID, "org roles: unknown subcommand %q; use export, import FILE or template", strings.Join(rest, " "))
	}
	if len(rest) != 2 {
		return kijun.Errorf(kijun.EINVALID, "org appoint needs ROLE and STAFF_NO")
	}
	ap := appointments.Appointment{Role: organisation.Role(rest[0]), StaffNo: rest[1], Unavoidable: *unavoidable}
	spec, err := ap.Role.Spec()
	if err != nil {
		return kijun.Errorf(kijun.EINVALID, "%s; use one of:\n%s", kijun.ErrorMessage(err), roleCodes())
	}
	switch spec.ScopeKind {
	case organisation.ScopeCity:
		ap.Scope = organisation.City()
		if *system != "" || *unit != "" {
			return kijun.Errorf(kijun.EINVALID, "%s is a city-wide role: give neither --system nor --unit", ap.Role)
		}
	case organisation.ScopeSystem:
		ap.Scope = organisation.SystemScope(*system)
		if *system == "" {
			return kijun.Errorf(kijun.EINVALID, "%s is a system's role: give --system ID", ap.Role)
		}
	case organisation.ScopeUnit:
		ap.Scope = organisation.UnitScope(*unit)
		if *unit == "" {
			return kijun.Errorf(kijun.EINVALID, "%s is a unit's role: give --unit CODE", ap.Role)
		}
	}
	if ap.From, err = organisation.ParseDate(*from); err != nil {
		return kijun.Errorf(kijun.EINVALID, "--from: %s", kijun.ErrorMessage(err))
	}
	if *to != "" {
		if ap.To, err = organisation.ParseDate(*to); err != nil {
			return kijun.Errorf(kijun.EINVALID, "--to: %s", kijun.ErrorMessage(err))
		}
	}
	by, ctx, err := consoleAppointer(ctx, db, *as)
	if err != nil {
		return err
	}
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	a, v, err := appointments.New(db, reg).Appoint(ctx, by, ap)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "appointed: %s (%s) %s %s from %s\n", a.Name, a.StaffNo, a.Role.Label(), a.Scope, organisation.FormatDate(a.From))
	if v.Flagged {
		fmt.Fprintf(e.stdout, "  兼務 (3.2.10ア), recorded as unavoidable: %s\n", v.Reason)
	}
	return nil
}

// consoleAppointer is who a console command acts as (see consolePerson),
// as the appointment service takes it.
func consoleAppointer(ctx context.Context, db *store.DB, as string) (appointments.Appointer, context.Context, error) {
	p, ctx, err := consolePerson(ctx, db, as)
	if err != nil || p == nil {
		return appointments.Console(), ctx, err
	}
	return appointments.AppointerOf(p), ctx, nil
}

// exportRoles writes every appointment.
func exportRoles(ctx context.Context, db *store.DB, path, format string) error {
	as, err := db.RoleAssignments(ctx, store.RoleFilter{})
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot write %s", path)
	}
	w, err := sheets.NewWriter(f, format, "役割")
	if err != nil {
		f.Close()
		return err
	}
	rows := [][]any{{"番号", "役割", "役割コード", "条項", "対象", "職員番号", "氏名", "開始日", "終了日", "備考"}}
	for _, a := range as {
		spec, _ := a.Role.Spec()
		end := ""
		if !a.To.IsZero() {
			end = organisation.FormatDate(a.To)
		}
		rows = append(rows, []any{a.ID, spec.Label, string(a.Role), spec.Clause, a.Scope.String(), a.StaffNo, a.Name, organisation.FormatDate(a.From), end, a.Note})
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// importRoles imports a workbook of appointments, all or none, listing
// each refused row on stderr.
func importRoles(ctx context.Context, e *env, db *store.DB, path, as string, dryRun bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "cannot read %s", path)
	}
	by, ctx, err := consoleAppointer(ctx, db, as)
	if err != nil {
		return err
	}
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	verdicts, err := appointments.New(db, reg).Import(ctx, by, filepath.Base(path), data, dryRun)
	var ie *kijun.ImportError
	if errors.As(err, &ie) {
		for _, re := range ie.Errors {
			fmt.Fprintln(e.stderr, path+": "+re.String())
		}
		return kijun.Errorf(kijun.EINVALID, "%s has %d error(s), listed above; nothing was imported", path, len(ie.Errors))
	}
	if err != nil {
		return err
	}
	flagged := 0
	for _, v := range verdicts {
		if v.Flagged {
			flagged++
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d row(s) checked, %d recorded as unavoidable 兼務 (3.2.10ア)\n", importVerb(dryRun), len(verdicts), flagged)
	return nil
}
