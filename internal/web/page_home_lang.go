package web

// TypeNameIn is the request's type's name in lang: its English name when
// the page speaks English and the type declares one (types.yaml name_en),
// else its Japanese name.
func (h homeRequest) TypeNameIn(lang string) string {
	if h.PermitType != nil {
		return h.PermitType.NameIn(lang)
	}
	return h.TypeName
}

// DueWhat is a line of the home page's week in the page's language: the
// kind of thing due ("Training: "), then the training owed by its
// audience's name, or the request's type's name and What, or What.
func (p *page) DueWhat(d homeDue) string {
	what := d.What
	switch {
	case d.Need != "":
		what = p.L(d.Need)
	case d.Request != nil:
		what = d.Request.TypeNameIn(p.Lang) + d.What
	}
	if d.Kind != "" {
		what = p.T(d.Kind) + what
	}
	return what
}
