package cli

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"

	"kijun/internal/records"
)

// checkedHeads are the signed tree heads verify checks the ledger against.
type checkedHeads struct {
	Path  string
	Heads []*records.TreeHead
}

// verifyHeads reads the heads file for verify. With --pubkey (keys), the
// heads must be signed by that key and at least one must exist: a ledger
// no head from the auditor's key covers proves nothing about who wrote it.
// Without it the local ledger key reads the file beside it, if both exist.
func verifyHeads(d *dbFlags, headsFile string, keys []ed25519.PublicKey) (*checkedHeads, error) {
	keyPath, err := d.ledgerKeyPath()
	if err != nil {
		return nil, err
	}
	path := headsFile
	if path == "" {
		path = records.HeadsPath(keyPath)
	}
	var pub ed25519.PublicKey
	required := len(keys) > 0
	if required {
		pub = keys[0]
	} else {
		key, err := records.LoadKey(keyPath)
		switch {
		case err == nil:
			pub = key.Public()
			retired, err := records.ReadRetiredKeys(keyPath)
			if err != nil {
				return nil, err
			}
			keys = append(retired, pub)
		case headsFile != "":
			return nil, fmt.Errorf("--heads %s needs --pubkey: the key its heads are signed with", headsFile)
		default:
			return &checkedHeads{Path: path}, nil
		}
	}
	heads, err := records.ReadHeads(path, keys...)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !required && headsFile == "":
		return &checkedHeads{Path: path}, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no signed tree head from key %s: %s does not exist (keep a copy of the ledger key's .heads file and pass it with --heads)", records.KeyID(pub), path)
	case err != nil:
		return nil, err
	case len(heads) == 0 && required:
		return nil, fmt.Errorf("no signed tree head from key %s in %s", records.KeyID(pub), path)
	}
	live, _ := records.Current(heads)
	return &checkedHeads{Path: path, Heads: live}, nil
}
