package cli

import (
	"context"
	"fmt"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/notify"
)

// runSecret rotates the secret key that seals second factors and the SMTP
// password (8.2.6ア: 認証情報を厳重に管理).
func runSecret(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "secret rotate [--db URL] [--secret-key FILE]",
		"rotate: replace the secret key that seals second factors and the SMTP password: every sealed secret is re-sealed under a new key in one transaction, recorded in the ledger; the old key is kept beside it as FILE.retired-ID (stop kijun serve first).\nrotate: 二要素認証の秘密情報と SMTP パスワードを暗号化する秘密鍵を交換します。すべてを新しい鍵で一括して暗号化し直し、記録台帳に記録します（先に kijun serve を停止してください）。")
	var d dbFlags
	d.register(fs, e)
	if len(args) == 0 || args[0] != "rotate" {
		fs.Usage()
		return kijun.Errorf(kijun.EINVALID, "secret needs rotate")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := d.openReady(ctx, e, true)
	if err != nil {
		return err
	}
	defer db.Close()
	path, err := d.secretKeyPath()
	if err != nil {
		return err
	}
	r, err := access.RotateSealKey(ctx, db, path, notify.ResealSetting)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "secret key rotated: %s seals from now on, replacing %s; %d second factors and %d settings re-sealed; the old key is kept in %s (archive it offline or destroy it)\n",
		r.New, r.Old, r.Factors, r.Settings, r.Retired)
	return nil
}
