package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"kijun/internal/apiclient"
	"kijun/internal/kijun"
	"kijun/internal/store"
)

// serverFlags are the flags of a command that may work against a running
// server through its API (--server URL --token TOKEN, or KIJUN_SERVER and
// KIJUN_TOKEN) instead of opening the database, so an operator who
// scripts Kijun needs no database access: the server decides with the
// token's person, by the rules of its pages.
type serverFlags struct{ url, token string }

func (s *serverFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&s.url, "server", e.getenv("KIJUN_SERVER"), "work through the API of the server at this URL instead of the database (env KIJUN_SERVER) / API 経由で操作するサーバ")
	fs.StringVar(&s.token, "token", e.getenv("KIJUN_TOKEN"), "the personal API token to use with --server; prefer the environment, which others cannot see (env KIJUN_TOKEN) / API トークン")
}

// client returns the API client, or nil when no server was named.
func (s *serverFlags) client() (*apiclient.Client, error) {
	if s.url == "" {
		return nil, nil
	}
	return apiclient.New(s.url, s.token, nil)
}

// remoteImport sends a register file's rows, read here, to the register's
// bulk write: all or nothing on the server, by the import's rules. A row
// the server refuses is named by its line in the file, as a local import
// names it.
func remoteImport(ctx context.Context, e *env, c *apiclient.Client, rs registerSheet, name string, data []byte, dryRun bool) error {
	if rs.items == nil {
		return kijun.Errorf(kijun.EINVALID, "kijun %s import does not take --server yet: import it on the server's own console", rs.name)
	}
	items, lines, err := rs.items(name, data)
	if err != nil {
		return err
	}
	path := rs.api + "/bulk"
	if dryRun {
		path += "?dry_run=1"
	}
	var plan store.ImportPlan
	if _, err := c.Do(ctx, "POST", path, map[string]any{"items": items}, "", &plan); err != nil {
		var p *apiclient.Problem
		if errors.As(err, &p) {
			for i, r := range p.Rows {
				if r.Row >= 1 && r.Row <= len(lines) {
					p.Rows[i].Row = lines[r.Row-1]
				}
				p.Rows[i].Sheet = name
			}
		}
		return err
	}
	fmt.Fprintln(e.stdout, plan.Describe())
	return nil
}

// errServerAs refuses --as with --server: the token says who acts.
var errServerAs = kijun.Errorf(kijun.EINVALID, "--as does not go with --server: the token's person acts")
