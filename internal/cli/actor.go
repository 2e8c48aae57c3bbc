package cli

import (
	"context"
	"os/user"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// consolePerson is who a console command that changes data acts as. With
// --as STAFF_NO it is that person, with what their roles allow as the pages
// would, and the ledger names them; without it, the operator at the
// console, who holds the database and is trusted as an administrator, and
// the ledger names their operating-system user. Either way no change is
// recorded with an anonymous actor. The principal is nil for the operator.
func consolePerson(ctx context.Context, db *store.DB, as string) (*access.Principal, context.Context, error) {
	if as == "" {
		return nil, kijun.WithActor(ctx, consoleActor()), nil
	}
	p, err := access.PersonAt(ctx, db, as, db.Now())
	if err != nil {
		return nil, ctx, err
	}
	return p, kijun.WithActor(ctx, p.Actor()), nil
}

// consoleActor names the operating-system user at the console.
func consoleActor() kijun.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return kijun.Actor{ID: "console:" + name}
}
