package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"time"

	"kijun/internal/access"
	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// person is someone signed in: a session cookie and its CSRF token for
// pages, and a read-only API token for /api/v1.
type person struct {
	name, cookie, token string
}

// people are those the load signs in, and what they open.
type people struct {
	// city sees the whole city: the CISO (3.1.1) and an administrator.
	city []person
	// chiefs are 課長s, each 情報管理者 of their 課 (3.1.6).
	chiefs []person
	// assets are asset IDs spread over the register, and a few held by
	// the city's largest holder, whose page once read all its assets.
	assets []string
}

// signIn makes the accounts of the people the load signs in (once: they
// stay in the database for the next run), and opens a session and an API
// token for each, as sign-in and the token page would. Each account's
// password hash is not a hash, so nobody can sign in with it.
func signIn(ctx context.Context, c config) (*people, error) {
	db, err := store.Open(ctx, c.db, store.Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	p := &people{}
	day := organisation.Day(db.Now())
	add := func(list *[]person, a auth.Account) error {
		s, err := openFor(ctx, db, a)
		if err == nil {
			*list = append(*list, s)
		}
		return err
	}
	if err := add(&p.city, auth.Account{ID: "load-admin", DisplayName: "負荷試験 管理者", Admin: true}); err != nil {
		return nil, err
	}
	if h, err := db.HolderOf(ctx, organisation.RoleCISO, organisation.City(), day); err == nil {
		if err := add(&p.city, auth.Account{ID: h.Person.StaffNo, StaffNo: h.Person.StaffNo, DisplayName: h.Person.Name}); err != nil {
			return nil, err
		}
	}
	var units []string
	var all []string
	var biggest string
	err = db.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT unit_code FROM assets GROUP BY unit_code ORDER BY COUNT(*) DESC LIMIT 8")
		if err != nil {
			return err
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			units = append(units, u)
		}
		rows.Close()
		rows, err = tx.QueryContext(ctx, "SELECT id FROM assets ORDER BY id")
		if err != nil {
			return err
		}
		for n := 0; rows.Next(); n++ {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if n%997 == 0 {
				all = append(all, id)
			}
		}
		rows.Close()
		if err := tx.QueryRowContext(ctx, "SELECT holder FROM asset_holders GROUP BY holder ORDER BY COUNT(*) DESC LIMIT 1").Scan(&biggest); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, "SELECT asset_id FROM asset_holders WHERE holder = ? ORDER BY asset_id LIMIT 20", biggest)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			all = append(all, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read what the load opens: %w", err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("the database has no assets: make it with kijun demo --scale city")
	}
	p.assets = all
	for _, u := range units {
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u), day)
		if err != nil || slices.ContainsFunc(p.chiefs, func(s person) bool { return s.name == h.Person.StaffNo }) {
			continue
		}
		if err := add(&p.chiefs, auth.Account{ID: h.Person.StaffNo, StaffNo: h.Person.StaffNo, DisplayName: h.Person.Name}); err != nil {
			return nil, err
		}
	}
	if len(p.chiefs) == 0 {
		return nil, fmt.Errorf("no 情報管理者 found for the 課 with the most assets")
	}
	return p, nil
}

// openFor makes account a if it is not there, then opens a session that
// has given both factors and a read-only API token for it.
func openFor(ctx context.Context, db *store.DB, a auth.Account) (person, error) {
	now := db.Now()
	cookie, id, secret := random(32), random(9), random(32)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Account(ctx, a.ID); kijun.ErrorCode(err) == kijun.ENOTFOUND {
			a.Status, a.CreatedAt = auth.StatusActive, now
			a.Credential = auth.Credential{Hash: "not a hash: no password signs in", ChangedAt: now}
			if err := tx.InsertAccount(ctx, a); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if err := tx.InsertSession(ctx, store.Session{TokenHash: access.HashToken(cookie), AccountID: a.ID, CSRF: random(16),
			Method: "password", Factors: 2, CreatedAt: now, LastSeen: now}); err != nil {
			return err
		}
		return tx.InsertToken(ctx, store.APIToken{ID: id, AccountID: a.ID, Name: "負荷試験", SecretHash: access.HashToken(secret),
			Scope: access.ScopeRead, CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)})
	})
	if err != nil {
		return person{}, fmt.Errorf("sign in %s: %w", a.ID, err)
	}
	return person{name: a.ID, cookie: cookie, token: "kjn_" + id + "." + secret}, nil
}

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
