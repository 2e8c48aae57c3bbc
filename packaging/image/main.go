// Command image builds Kijun's container image from the static binaries
// .ci/package made: an OCI image index with one image per architecture,
// written as an OCI archive that podman load, skopeo and registries take.
// It needs no container engine and no base image: the image holds the
// binary, its configuration, CA certificates for SMTP and OIDC, and a
// kijun user that owns /var/lib/kijun.
//
//	go run ./packaging/image -o dist/kijun-image.oci.tar -version V -commit C -date D \
//	    amd64=build/amd64/kijun arm64=build/arm64/kijun
package main

import (
	"archive/tar"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// uid and gid of the kijun user inside the image: not root, and not an
// ID a host's first users take.
const uid, gid = 65532, 65532

func main() {
	out := flag.String("o", "dist/kijun-image.oci.tar", "the OCI archive to write")
	conf := flag.String("config", "packaging/container.toml", "the configuration the image starts with")
	version := flag.String("version", "dev", "the release's version")
	commit := flag.String("commit", "", "the commit it was built from")
	date := flag.String("date", "", "the commit's date (RFC 3339): the image's creation time, so a build is reproducible")
	flag.Parse()
	if err := run(*out, *conf, *version, *commit, *date, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

func run(out, confPath, version, commit, date string, bins []string) error {
	if len(bins) == 0 {
		return fmt.Errorf("name at least one ARCH=BINARY")
	}
	created := time.Unix(0, 0).UTC()
	if date != "" {
		t, err := time.Parse(time.RFC3339, date)
		if err != nil {
			return fmt.Errorf("-date: %w", err)
		}
		created = t.UTC()
	}
	conf, err := os.ReadFile(confPath)
	if err != nil {
		return err
	}
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, b := range bins {
		arch, path, ok := strings.Cut(b, "=")
		if !ok {
			return fmt.Errorf("%q is not ARCH=BINARY", b)
		}
		img, err := image(arch, path, conf, version, commit, created)
		if err != nil {
			return fmt.Errorf("%s: %w", arch, err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: arch}},
		})
	}
	dir, err := os.MkdirTemp("", "kijun-image")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	if err := p.AppendIndex(idx, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": "kijun:" + version,
	})); err != nil {
		return err
	}
	return tarDir(dir, out)
}

// image is the image of one architecture.
func image(arch, binPath string, conf []byte, version, commit string, created time.Time) (v1.Image, error) {
	bin, err := os.ReadFile(binPath)
	if err != nil {
		return nil, err
	}
	files := []entry{
		{name: "etc/", mode: 0o755, dir: true},
		{name: "etc/passwd", mode: 0o644, data: fmt.Appendf(nil, "root:x:0:0:root:/root:/sbin/nologin\nkijun:x:%d:%d:Kijun:/var/lib/kijun:/sbin/nologin\n", uid, gid)},
		{name: "etc/group", mode: 0o644, data: fmt.Appendf(nil, "root:x:0:\nkijun:x:%d:\n", gid)},
		{name: "etc/kijun/", mode: 0o755, dir: true},
		{name: "etc/kijun/kijun.toml", mode: 0o644, data: conf},
		{name: "tmp/", mode: 0o1777, dir: true},
		{name: "usr/", mode: 0o755, dir: true},
		{name: "usr/bin/", mode: 0o755, dir: true},
		{name: "usr/bin/kijun", mode: 0o755, data: bin},
		{name: "var/", mode: 0o755, dir: true},
		{name: "var/lib/", mode: 0o755, dir: true},
		{name: "var/lib/kijun/", mode: 0o750, dir: true, owner: true},
	}
	// CA certificates, so mail over TLS and OIDC sign-in verify their
	// servers; taken from the building machine.
	if ca, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt"); err == nil {
		files = append(files, entry{name: "etc/ssl/", mode: 0o755, dir: true}, entry{name: "etc/ssl/certs/", mode: 0o755, dir: true},
			entry{name: "etc/ssl/certs/ca-certificates.crt", mode: 0o644, data: ca})
	}
	layerTar, err := tarOf(files, created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(layerTar)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{Layer: layer, History: v1.History{Created: v1.Time{Time: created}, CreatedBy: "packaging/image", Comment: "kijun " + version}})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS, cf.Created = arch, "linux", v1.Time{Time: created}
	cf.Config = v1.Config{
		User:         fmt.Sprintf("%d:%d", uid, gid),
		Entrypoint:   []string{"/usr/bin/kijun"},
		Cmd:          []string{"--config", "/etc/kijun/kijun.toml", "serve"},
		WorkingDir:   "/var/lib/kijun",
		Env:          []string{"PATH=/usr/bin", "TMPDIR=/tmp"},
		ExposedPorts: map[string]struct{}{"8080/tcp": {}},
		Volumes:      map[string]struct{}{"/var/lib/kijun": {}},
		StopSignal:   "SIGTERM",
		Labels: map[string]string{
			"org.opencontainers.image.title":    "Kijun",
			"org.opencontainers.image.version":  version,
			"org.opencontainers.image.revision": commit,
			"org.opencontainers.image.created":  created.Format(time.RFC3339),
		},
	}
	return mutate.ConfigFile(img, cf)
}

type entry struct {
	name  string
	mode  int64
	dir   bool
	owner bool // owned by the kijun user rather than root
	data  []byte
}

// tarOf writes a layer of files with fixed times and owners, so the same
// inputs give the same digest.
func tarOf(files []entry, at time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: f.mode, ModTime: at, Typeflag: tar.TypeReg, Size: int64(len(f.data)), Format: tar.FormatPAX}
		if f.dir {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if f.owner {
			h.Uid, h.Gid, h.Uname, h.Gname = uid, gid, "kijun", "kijun"
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tarDir writes the OCI layout in dir as the archive out.
func tarDir(dir, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		h.Name = filepath.ToSlash(rel)
		if d.IsDir() {
			h.Name += "/"
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(tw, src)
		return err
	})
	if err != nil {
		f.Close()
		return err
	}
	if err := tw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
