package cli

import (
	"io"
	"os"

	"kijun/internal/kijun"
)

// readFileMax reads the file at path, refusing it past max bytes without
// reading further: a file a person names is outside input.
func readFileMax(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "cannot read %s", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "cannot read %s", path)
	}
	if int64(len(data)) > max {
		return nil, kijun.Errorf(kijun.EINVALID, "%s is larger than %d MiB / ファイルが大きすぎます", path, max>>20)
	}
	return data, nil
}
