package operations

import (
	"strings"

	"github.com/facebookincubator/nvdtools/wfn"

	"kijun/internal/kijun"
)

// CPE is a product named in CPE 2.3 (NISTIR 7695): the identifier that
// vulnerability feeds use for the software a system runs (8.6.1).
type CPE struct {
	attrs *wfn.Attributes
	text  string
}

// ParseCPE reads a CPE 2.3 formatted string (cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*)
// or a CPE 2.2 URI (cpe:/a:apache:http_server:2.4.57), through
// facebookincubator/nvdtools' implementation of the NIST binding rules.
func ParseCPE(s string) (CPE, error) {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e { // CPE 2.3 names are printable ASCII without spaces
			return CPE{}, kijun.Errorf(kijun.EINVALID, "CPE %q に使えない文字（空白・全角文字等）があります（半角英数字と記号で書いてください）", s)
		}
	}
	a, err := wfn.Parse(s)
	if err != nil {
		return CPE{}, kijun.Errorf(kijun.EINVALID, "CPE %q を読めません（cpe:2.3:a:ベンダー:製品:版:… の形で書いてください）", s)
	}
	switch a.Part {
	case "a", "o", "h":
	default:
		return CPE{}, kijun.Errorf(kijun.EINVALID, "CPE %q の種別 %q は a（アプリケーション）・o（OS）・h（ハードウェア）のいずれかにしてください", s, a.Part)
	}
	if a.Vendor == wfn.Any || a.Product == wfn.Any || wfn.HasWildcard(a.Vendor) || wfn.HasWildcard(a.Product) {
		return CPE{}, kijun.Errorf(kijun.EINVALID, "CPE %q にはベンダーと製品を * なしで書いてください", s)
	}
	// The binding must read back as itself: a name whose special
	// characters are not quoted as NISTIR 7695 asks reads differently once
	// written, and would match differently from what the person wrote.
	text := a.BindToFmtString()
	if b, err := wfn.Parse(text); err != nil || b.BindToFmtString() != text {
		return CPE{}, kijun.Errorf(kijun.EINVALID, "CPE %q の記号の書き方が正しくありません（記号は \\ で区切ってください。例: cpe:2.3:a:vendor:product\\!:1.0）", s)
	}
	return CPE{attrs: a, text: text}, nil
}

// String returns the CPE as a 2.3 formatted string.
func (c CPE) String() string { return c.text }

// Vendor, Product, Part and Version return the CPE's attributes, with the
// escapes of the binding removed.
func (c CPE) Vendor() string {
	return attr(c.attrs, func(a *wfn.Attributes) string { return a.Vendor })
}
func (c CPE) Product() string {
	return attr(c.attrs, func(a *wfn.Attributes) string { return a.Product })
}
func (c CPE) Part() string { return attr(c.attrs, func(a *wfn.Attributes) string { return a.Part }) }
func (c CPE) Version() string {
	return attr(c.attrs, func(a *wfn.Attributes) string { return a.Version })
}

func attr(a *wfn.Attributes, f func(*wfn.Attributes) string) string {
	if a == nil {
		return ""
	}
	return wfn.StripSlashes(f(a))
}

// WithVersion returns the CPE naming version v of its product.
func (c CPE) WithVersion(v string) CPE {
	if c.attrs == nil || v == "" {
		return c
	}
	a := *c.attrs
	if q, err := wfn.WFNize(v); err == nil {
		a.Version = q
	}
	return CPE{attrs: &a, text: a.BindToFmtString()}
}

// ProposeCPE proposes the CPE 2.3 name of an application from its vendor,
// product and version as people write them: lower case, spaces as
// underscores, as NVD names products (Apache HTTP Server 2.4.57 →
// cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*). A person checks
// the proposal against the NVD's dictionary before keeping it.
func ProposeCPE(vendor, product, version string) (CPE, error) {
	norm := func(s string) string {
		return strings.Join(strings.Fields(strings.ToLower(s)), "_")
	}
	a := wfn.NewAttributesWithAny()
	a.Part = "a"
	var err error
	for _, f := range []struct {
		dst *string
		v   string
	}{{&a.Vendor, norm(vendor)}, {&a.Product, norm(product)}, {&a.Version, strings.TrimSpace(version)}} {
		if f.v == "" {
			continue
		}
		if *f.dst, err = wfn.WFNize(f.v); err != nil {
			return CPE{}, kijun.Errorf(kijun.EINVALID, "%q から CPE を作れません", f.v)
		}
	}
	return ParseCPE(a.BindToFmtString())
}

// Matches reports whether the CPE criterion c (from a feed, perhaps with
// wildcards) names the installed product p, apart from its version,
// which a Range decides: CPE name matching of NISTIR 7696.
func (c CPE) Matches(p CPE) bool {
	if c.attrs == nil || p.attrs == nil {
		return false
	}
	src, tgt := *c.attrs, *p.attrs
	src.Version, tgt.Version = wfn.Any, wfn.Any
	return wfn.Match(&src, &tgt)
}
