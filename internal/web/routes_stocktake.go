package web

// stocktakeRoutes are the routes of 9.2.2, 利用状況調査 (every member of
// staff reaches them, and the stocktake's service decides per 課: its
// 情報管理者 or the CISO's office starts and closes; its staff count),
// and of the yearly review of the standard that chapter 11 ends with.
func (s *Server) stocktakeRoutes() []route {
	page := func(pattern string, rl rule, h handler) route { return route{pattern: pattern, rule: rl, page: h} }
	return []route{
		page("GET /stocktakes", ruleStaff, s.handleStocktakes),
		page("POST /stocktakes", ruleStaff, s.handleStocktakeStart),
		page("GET /stocktakes/{id}", ruleStaff, s.handleStocktake),
		page("POST /stocktakes/{id}/marks", ruleStaff, s.handleStocktakeMark),
		page("POST /stocktakes/{id}/close", ruleStaff, s.handleStocktakeClose),
		page("GET /stocktakes/{id}/sheet", ruleStaff, s.handleStocktakeSheet),

		// 11.1.8, 11.3: the yearly review of the standard, read by the
		// CISO's office and the auditors, decided by the CISO's office.
		page("GET /reviews", ruleLedger, s.handleReviewNow),
		page("GET /reviews/{year}", ruleLedger, s.handleReview),
		page("POST /reviews/{year}", ruleCityOffice, s.handleReviewDecide),
	}
}
