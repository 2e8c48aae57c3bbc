package web

// trainingRoutes are the routes of 7.2 研修・訓練 and of 7.4.1's ID cards. Every member of staff
// sees their own duties and takes the courses meant for them; the plan is
// shown to all and written by the 統括責任者's office, whose gate is the
// training service's (package attendance) for the form as for the
// import; a 課's page is its 情報管理者's (or the 情報責任者 above, or the
// CISO's office); the analysis is the CISO's office's (7.2.2カ).
func (s *Server) trainingRoutes() []route {
	page := func(pattern string, rl rule, h handler) route { return route{pattern: pattern, rule: rl, page: h} }
	return []route{
		page("GET /training", ruleStaff, s.handleTraining),
		page("GET /training/plan", ruleStaff, s.handleTrainingPlan),
		page("POST /training/plan", ruleStaff, s.handleTrainingPlanSave),
		page("POST /training/plan/{year}/report", ruleStaff, s.handleTrainingPlanReport),
		page("POST /training/courses", ruleStaff, s.handleCourseSave),
		page("GET /training/courses/{id}", ruleStaff, s.handleCourse),
		page("POST /training/courses/{id}/quiz", ruleStaff, s.handleQuiz),
		page("POST /training/editions/{id}/ack", ruleStaff, s.handleAcknowledge),
		// 7.1.2: the pledge's text and who has given it, for the
		// 統括責任者's office; the training service's gate decides too.
		page("GET /training/pledges", ruleCityOffice, s.handlePledges),
		page("POST /training/pledges", ruleCityOffice, s.handlePledgeSave),
		// 7.1.2: who of a 課 has not pledged, for its 情報管理者 and the
		// CISO's office.
		page("GET /training/pledges/units/{code}", ruleUnitManager, s.handlePledgeUnit),
		page("GET /training/units/{code}", ruleUnitManager, s.handleTrainingUnit),
		page("POST /training/units/{code}/attendance", ruleUnitManager, s.handleTrainingRecord),
		page("POST /training/units/{code}/report", ruleUnitManager, s.handleTrainingUnitReport),
		// 7.2.2オ, 7.2.4: an e-learning export and a drill's results, as
		// upload jobs (page_training_import.go); the training service's
		// gate refuses a row of another 課.
		page("GET /training/attendance/import", ruleTrainer, s.trainingImportForm(s.attendanceImport(), false)),
		page("POST /training/attendance/import", ruleTrainer, s.trainingImportFile(s.attendanceImport(), false)),
		page("GET /training/attendance/template.xlsx", ruleStaff, s.handleAttendanceTemplate),
		page("GET /training/drills/import", ruleTrainer, s.trainingImportForm(s.drillImport(), true)),
		page("POST /training/drills/import", ruleTrainer, s.trainingImportFile(s.drillImport(), true)),
		page("GET /training/report", ruleCityOffice, s.handleTrainingReport),
		page("GET /training/report.xlsx", ruleCityOffice, s.handleTrainingReportXLSX),
		// 7.4.1: ID cards. Everyone sees their own and reports them lost;
		// the 情報基盤管理者's office takes back and destroys (7.4.1ア, エ).
		page("GET /cards", ruleStaff, s.handleCards),
		page("POST /cards/{number}/lost", ruleStaff, s.handleCardLost),
		page("POST /cards/{number}/return", ruleCityOffice, s.handleCardReturn),
		page("POST /cards/{number}/destroy", ruleCityOffice, s.handleCardDestroy),
	}
}
