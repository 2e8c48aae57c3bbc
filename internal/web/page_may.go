package web

// May reports whether the person may open path, by its route's rule for
// them: the menu and the home page offer only what would not answer 403.
func (p *page) May(path string) bool {
	return p.may != nil && p.may(path)
}
