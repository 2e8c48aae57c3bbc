package access

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// passkeys is the WebAuthn relying party: passkeys and security keys as a
// second factor ("所持", 6.4.2ア, イ).
type passkeys struct {
	w *webauthn.WebAuthn
}

func newPasskeys(origin, name string) (*passkeys, error) {
	u, err := url.Parse(origin)
	if err != nil || u.Hostname() == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, kijun.Errorf(kijun.EINVALID, "passkey origin %q is not a URL such as https://kijun.city.example", origin)
	}
	w, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: name, RPOrigins: []string{strings.TrimRight(origin, "/")}})
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "passkeys")
	}
	return &passkeys{w: w}, nil
}

// pkUser is an account as the WebAuthn library sees it.
type pkUser struct {
	a     auth.Account
	creds []webauthn.Credential
}

func (u pkUser) WebAuthnID() []byte                         { return []byte(u.a.ID) }
func (u pkUser) WebAuthnName() string                       { return u.a.ID }
func (u pkUser) WebAuthnDisplayName() string                { return u.a.DisplayName }
func (u pkUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

const (
	pendingPasskeyRegistration = "pkreg:"
	pendingPasskeyLogin        = "pklogin:"
)

// passkeyUser loads an account's passkeys for the library.
func (s *Service) passkeyUser(ctx context.Context, tx *store.Tx, a auth.Account) (pkUser, []store.Passkey, error) {
	stored, err := tx.Passkeys(ctx, a.ID)
	if err != nil {
		return pkUser{}, nil, err
	}
	u := pkUser{a: a}
	for _, p := range stored {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(p.Credential), &c); err != nil {
			return u, nil, kijun.Wrap(kijun.EINTERNAL, err, "passkey %s", p.ID)
		}
		u.creds = append(u.creds, c)
	}
	return u, stored, nil
}

func (s *Service) needPasskeys() error {
	if s.pk == nil {
		return kijun.Errorf(kijun.ENOTFOUND, "パスキーは設定されていません（KIJUN_PUBLIC_URL を設定してください）")
	}
	return nil
}

// BeginPasskeyRegistration starts registering a passkey for the signed-in
// person and returns the options for navigator.credentials.create.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, cur *Current) ([]byte, error) {
	if err := s.needPasskeys(); err != nil {
		return nil, err
	}
	if cur.Next == StepSecondFactor {
		return nil, kijun.Errorf(kijun.EFORBIDDEN, "先に登録済みの二要素認証を済ませてください")
	}
	var opts []byte
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		u, _, err := s.passkeyUser(ctx, tx, cur.Account)
		if err != nil {
			return err
		}
		var exclude []protocol.CredentialDescriptor
		for _, c := range u.creds {
			exclude = append(exclude, c.Descriptor())
		}
		creation, sd, err := s.pk.w.BeginRegistration(u, webauthn.WithExclusions(exclude),
			webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
		if err != nil {
			return kijun.Wrap(kijun.EINTERNAL, err, "begin passkey registration")
		}
		data, _ := json.Marshal(sd)
		cur.Session.Data = pendingPasskeyRegistration + string(data)
		if err := tx.UpdateSession(ctx, cur.Session); err != nil {
			return err
		}
		opts, err = json.Marshal(creation)
		return err
	})
	return opts, err
}

// FinishPasskeyRegistration stores the passkey the browser made, under the
// name the person gave it. The session then counts as having given its
// second factor.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, cur *Current, name string, response []byte) error {
	if err := s.needPasskeys(); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 60 {
		return kijun.Errorf(kijun.EINVALID, "パスキーの名前は1〜60文字で入力してください")
	}
	raw, ok := strings.CutPrefix(cur.Session.Data, pendingPasskeyRegistration)
	if !ok {
		return kijun.Errorf(kijun.EINVALID, "登録中のパスキーはありません。最初からやり直してください")
	}
	var sd webauthn.SessionData
	if err := json.Unmarshal([]byte(raw), &sd); err != nil {
		return kijun.Wrap(kijun.EINTERNAL, err, "passkey session")
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "パスキーの応答を読めません")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		u, _, err := s.passkeyUser(ctx, tx, cur.Account)
		if err != nil {
			return err
		}
		cred, err := s.pk.w.CreateCredential(u, sd, parsed)
		if err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "パスキーを確認できませんでした")
		}
		data, _ := json.Marshal(cred)
		now := s.db.Now()
		p := store.Passkey{ID: base64.RawURLEncoding.EncodeToString(cred.ID), AccountID: cur.Account.ID, Name: name, Credential: string(data), CreatedAt: now}
		if err := tx.InsertPasskey(ctx, p); err != nil {
			return err
		}
		cur.Session.Data, cur.Session.Factors, cur.Session.LastSeen = "", 2, now
		if err := tx.UpdateSession(ctx, cur.Session); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, actorOf(cur.Account)), tx, "auth.factor.enrol", cur.Account.ID,
			map[string]any{"factor": "passkey", "id": p.ID, "name": name}, "6.4.2ア")
	})
}

// BeginPasskeyLogin starts the second factor by passkey and returns the
// options for navigator.credentials.get.
func (s *Service) BeginPasskeyLogin(ctx context.Context, cur *Current) ([]byte, error) {
	if err := s.needPasskeys(); err != nil {
		return nil, err
	}
	var opts []byte
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		u, _, err := s.passkeyUser(ctx, tx, cur.Account)
		if err != nil {
			return err
		}
		if len(u.creds) == 0 {
			return kijun.Errorf(kijun.ENOTFOUND, "パスキーは登録されていません")
		}
		assertion, sd, err := s.pk.w.BeginLogin(u)
		if err != nil {
			return kijun.Wrap(kijun.EINTERNAL, err, "begin passkey login")
		}
		data, _ := json.Marshal(sd)
		cur.Session.Data = pendingPasskeyLogin + string(data)
		if err := tx.UpdateSession(ctx, cur.Session); err != nil {
			return err
		}
		opts, err = json.Marshal(assertion)
		return err
	})
	return opts, err
}

// FinishPasskeyLogin checks the browser's passkey assertion as this
// session's second factor. A failure counts toward the lock (8.2.5).
func (s *Service) FinishPasskeyLogin(ctx context.Context, cur *Current, response []byte, remote string) error {
	if err := s.needPasskeys(); err != nil {
		return err
	}
	raw, ok := strings.CutPrefix(cur.Session.Data, pendingPasskeyLogin)
	if !ok {
		return kijun.Errorf(kijun.EINVALID, "パスキーでの確認が始まっていません。最初からやり直してください")
	}
	var sd webauthn.SessionData
	if err := json.Unmarshal([]byte(raw), &sd); err != nil {
		return kijun.Wrap(kijun.EINTERNAL, err, "passkey session")
	}
	parsed, perr := protocol.ParseCredentialRequestResponseBytes(response)
	good := false
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, cur.Account.ID)
		if err != nil {
			return err
		}
		now := s.db.Now()
		if perr != nil || s.policy.Lockout.Locked(a.SignIn, now) || a.Disabled() {
			return nil
		}
		u, stored, err := s.passkeyUser(ctx, tx, a)
		if err != nil {
			return err
		}
		cred, err := s.pk.w.ValidateLogin(u, sd, parsed)
		if err != nil {
			return nil
		}
		good = true
		for _, p := range stored {
			if id, _ := base64.RawURLEncoding.DecodeString(p.ID); bytes.Equal(id, cred.ID) {
				data, _ := json.Marshal(cred)
				p.Credential, p.LastUsedAt = string(data), now
				if err := tx.UpdatePasskey(ctx, p); err != nil {
					return err
				}
			}
		}
		a.SignIn = s.policy.Lockout.AfterSuccess(a.SignIn, now)
		if _, err := tx.SaveAccount(ctx, a); err != nil {
			return err
		}
		cur.Session.Data, cur.Session.Factors, cur.Session.LastSeen = "", 2, now
		if err := tx.UpdateSession(ctx, cur.Session); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, actorOf(a)), tx, "auth.second_factor", a.ID, map[string]any{"factor": "passkey"}, "6.4.2ア", "8.2.5")
	})
	if err != nil {
		return err
	}
	if !good {
		return s.fail(ctx, cur.Account.ID, "wrong_passkey", remote)
	}
	return nil
}

// RemovePasskey deletes one of the signed-in person's passkeys.
func (s *Service) RemovePasskey(ctx context.Context, cur *Current, id string) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.DeletePasskey(ctx, cur.Account.ID, id); err != nil {
			return err
		}
		return record(kijun.WithActor(ctx, actorOf(cur.Account)), tx, "auth.factor.remove", cur.Account.ID, map[string]any{"factor": "passkey", "id": id}, "6.4.2ア")
	})
}
