package web

import (
	"io/fs"
	"net/http"
)

// route is one pattern Kijun serves and who may use it. A route has a page
// handler (HTML errors), an API handler (JSON errors) or a raw handler that
// needs no sign-in (static files, health).
type route struct {
	pattern string
	rule    rule
	page    handler
	api     handler
	raw     http.Handler
}

// routeTable lists every route Kijun serves, with its rule. The route test
// walks this list, so a route cannot be added without saying who may use it.
func (s *Server) routeTable() []route {
	static, _ := fs.Sub(webFiles, "static")
	page := func(pattern string, rl rule, h handler) route { return route{pattern: pattern, rule: rl, page: h} }
	api := func(pattern string, rl rule, h handler) route { return route{pattern: pattern, rule: rl, api: h} }
	rt := []route{
		{pattern: "GET /static/", raw: http.StripPrefix("/static/", http.FileServerFS(static))},
		{pattern: "GET /healthz", raw: http.HandlerFunc(s.handleHealthz)},
		api("GET /metrics", ruleOperator, s.handleMetrics),

		// 8.2.5, 6.4.2: signing in, and the steps a sign-in may require.
		page("GET /signin", rulePublic, s.handleSignInForm),
		page("POST /signin", ruleSignIn, s.handleSignIn),
		page("GET /auth/oidc/start", rulePublic, s.handleOIDCStart),
		page("GET /auth/oidc/callback", rulePublic, s.handleOIDCCallback),
		page("GET /signin/second", ruleStep, s.handleSecondForm),
		page("POST /signin/second", ruleStep, s.handleSecond),
		api("POST /signin/passkey/begin", ruleStep, s.handlePasskeyLoginBegin),
		api("POST /signin/passkey/finish", ruleStep, s.handlePasskeyLoginFinish),
		page("POST /signout", ruleStep, s.handleSignOut),
		page("GET /account/password", ruleStep, s.handlePasswordForm),
		page("POST /account/password", ruleStep, s.handlePassword),
		page("GET /account/factor", ruleStep, s.handleFactorForm),
		page("POST /account/factor", ruleStep, s.handleFactor),
		api("POST /account/passkeys/begin", ruleStep, s.handlePasskeyRegisterBegin),
		api("POST /account/passkeys/finish", ruleStep, s.handlePasskeyRegisterFinish),
		// 7.1.2: a 臨時の任用職員's pledge, before anything else.
		page("GET /pledge", ruleStep, s.handlePledgeForm),
		page("POST /pledge", ruleStep, s.handlePledge),

		// A person's own account: the sign-in notice, factors, API tokens.
		page("GET /account", ruleStaff, s.handleAccount),
		page("POST /account/passkeys/{id}/delete", ruleStaff, s.handlePasskeyDelete),
		page("POST /account/tokens", ruleStaff, s.handleTokenCreate),
		page("POST /account/tokens/{id}/revoke", ruleStaff, s.handleTokenRevoke),
		page("POST /account/mail", ruleStaff, s.handleAccountMail),

		// 8.2.1イ, ウ: accounts, kept by administrators.
		page("GET /admin/accounts", ruleAdmin, s.handleAdminAccounts),
		page("POST /admin/accounts", ruleAdmin, s.handleAdminCreate),
		page("POST /admin/accounts/{id}", ruleAdmin, s.handleAdminAction),
		// 7.4.2イ: shared IDs and the people permitted to use them.
		page("GET /admin/shared", ruleAdmin, s.handleAdminShared),
		page("POST /admin/shared", ruleAdmin, s.handleAdminSharedCreate),
		page("POST /admin/id-reviews/{id}/close", ruleAdmin, s.handleIDReviewClose),

		page("GET /{$}", ruleStaff, s.handleHome),
		page("GET /records", ruleLedger, s.handleRecords),
		page("GET /records/{seq}", ruleLedger, s.handleRecord),

		// The standard itself, as data: every chapter points here.
		page("GET /standard", ruleStaff, s.handleStandard),
		page("GET /catalog", ruleStaff, s.handleCatalogs),
		page("GET /catalog/search", ruleStaff, s.handleCatalogSearch),
		// 11.3: the statement of applicability, computed from what Kijun runs.
		page("GET /catalog/soa", ruleLedger, s.handleSoA),
		page("GET /catalog/soa.xlsx", ruleLedger, s.handleSoAXLSX),
		page("GET /catalog/soa.json", ruleLedger, s.handleSoAOSCAL),
		page("GET /catalog/{key}/{edition}", ruleStaff, s.handleCatalog),
		page("GET /catalog/{key}/{edition}/p/{pid}", ruleStaff, s.handleProvision),
		page("GET /catalog/{key}/{edition}/oscal.json", ruleStaff, s.handleCatalogOSCAL),
		page("GET /catalog/{key}/{edition}/catalog.xlsx", ruleStaff, s.handleCatalogXLSX),
		// 11.3: a city's own standard aligned with the reference, reviewed by the CISO's office.
		page("GET /catalog/{key}/{edition}/align/{to}", ruleLedger, s.handleAlignment),
		page("POST /catalog/{key}/{edition}/align/{to}", ruleCityOffice, s.handleAlignmentDecide),

		// Chapter 3: the organisation, its people and the roles they hold.
		page("GET /org", ruleStaff, s.handleOrgTree),
		page("GET /org/units/{code}", ruleStaff, s.handleOrgUnit),
		page("POST /org/units/{code}/deputies", ruleDeputyNamer, s.handleNameDeputy),
		page("GET /org/people/{no}", ruleStaff, s.handleOrgPerson),
		page("GET /org/roles", ruleStaff, s.handleOrgRoles),
		// 3.1: appointments, made by the service's own gate (administrators,
		// the CISO, the 統括責任者, the 情報セキュリティ管理者).
		page("POST /org/roles", ruleCityOffice, s.handleAppoint),
		// A new city's first day: what it still lacks, in order.
		page("GET /admin/setup", ruleCityOffice, s.handleSetup),
		page("POST /org/roles/{id}/end", ruleCityOffice, s.handleEndAppointment),
		page("POST /org/roles/import", ruleCityOffice, s.handleAppointImport),
		page("GET /org/search", ruleStaff, s.handleOrgSearch),
		page("GET /org/import", ruleCityOffice, s.handleOrgImportForm),
		page("POST /org/import", ruleCityOffice, s.handleOrgImport),
		page("GET /org/import/template.xlsx", ruleCityOffice, s.handleOrgTemplate),
		// 3.1: the 組織改正, by the CISO's office: units from the 組織マスタ, or one at a time.
		page("GET /org/reorg", ruleCityOffice, s.handleOrgReorgForm),
		page("POST /org/reorg", ruleCityOffice, s.handleOrgReorg),
		page("POST /org/reorg/unit", ruleCityOffice, s.handleOrgReorgUnit),
		page("GET /org/reorg/template.xlsx", ruleCityOffice, s.handleOrgReorgTemplate),

		// Chapter 4: the register of information assets. Who sees and edits
		// which 課's assets is decided per asset (a 課 edits its own).
		page("GET /assets", ruleStaff, s.handleAssets),
		page("GET /assets/new", ruleStaff, s.handleAssetNew),
		page("POST /assets", ruleStaff, s.handleAssetSave),
		page("GET /assets/import", ruleStaff, s.importForm(s.assetImport())),
		page("POST /assets/import", ruleStaff, s.importFile(s.assetImport())),
		// An uploaded register file's work (a check, then on confirmation
		// the write) and its progress; only its owner sees it.
		page("GET /imports/{id}", ruleStaff, s.handleImportStatusPage),
		page("GET /imports/{id}/status", ruleStaff, s.handleImportStatus),
		page("POST /imports/{id}/confirm", ruleStaff, s.handleImportConfirm),
		page("GET /assets/export", ruleStaff, s.handleAssetExport),
		page("GET /assets/template.xlsx", ruleStaff, s.handleAssetTemplate),
		page("GET /assets/{id}", ruleStaff, s.handleAsset),
		page("GET /assets/{id}/edit", ruleStaff, s.handleAssetEdit),
		page("POST /assets/{id}", ruleStaff, s.handleAssetSave),
		page("GET /assets/{id}/label", ruleStaff, s.handleAssetLabel),

		// Chapter 10, 8.3.9: contractors, contracts, their 再委託 chains and
		// staff. Every member of staff reads the contractors; a contract is
		// seen by its 課 (and the CISO's office); the service decides every
		// write by the contract's 課.
		page("GET /contractors", ruleStaff, s.handleContractors),
		page("GET /contractors/new", ruleStaff, s.handleContractorNew),
		page("POST /contractors", ruleStaff, s.handleContractorSave),
		page("GET /contractors/import", ruleStaff, s.importForm(s.contractorImport())),
		page("POST /contractors/import", ruleStaff, s.importFile(s.contractorImport())),
		page("GET /contractors/export", ruleStaff, s.handleContractorExport),
		page("GET /contractors/template.xlsx", ruleStaff, s.handleContractorTemplate),
		page("GET /contractors/{id}", ruleStaff, s.handleContractor),
		page("GET /contractors/{id}/edit", ruleStaff, s.handleContractorEdit),
		page("POST /contractors/{id}", ruleStaff, s.handleContractorSave),
		page("GET /contracts", ruleStaff, s.handleContracts),
		page("GET /contracts/new", ruleStaff, s.handleContractNew),
		page("POST /contracts", ruleStaff, s.handleContractSave),
		page("GET /contracts/{id}", ruleStaff, s.handleContract),
		page("GET /contracts/{id}/edit", ruleStaff, s.handleContractEdit),
		page("POST /contracts/{id}", ruleStaff, s.handleContractSave),
		page("POST /contracts/{id}/links", ruleStaff, s.handleLinkSave),
		page("POST /contracts/{id}/links/{lid}", ruleStaff, s.handleLinkSave),
		page("POST /contracts/{id}/staff", ruleStaff, s.handleStaffSave),
		page("POST /contracts/{id}/returns", ruleStaff, s.handleReturnSave),      // 10.1.2ア(8)
		page("POST /contracts/{id}/checkplan", ruleStaff, s.handleCheckPlanSave), // 10.1.3
		page("POST /contracts/{id}/checks", ruleStaff, s.handleCheckSave),        // 10.1.3
		// 10.2: the register of 外部サービス, each its 課's as a contract is.
		page("GET /external-services", ruleStaff, s.handleServices),
		page("GET /external-services/new", ruleStaff, s.handleServiceNew),
		page("POST /external-services", ruleStaff, s.handleServiceSave),
		page("GET /external-services/{id}", ruleStaff, s.handleService),
		page("GET /external-services/{id}/edit", ruleStaff, s.handleServiceEdit),
		page("POST /external-services/{id}", ruleStaff, s.handleServiceSave),

		// Chapters 5, 6 and 8: the register of information systems, scoped
		// per system as assets are.
		// 9.2.1: the registers checked against the standard.
		page("GET /compliance", ruleStaff, s.handleCompliance),
		page("POST /compliance/run", ruleCityOffice, s.handleComplianceRun),
		page("GET /compliance/findings", ruleStaff, s.handleFindings),
		page("GET /compliance/findings/export", ruleStaff, s.handleFindingsExport),
		// 9.2.1ア, イ: a finding as work; the service decides by its 課.
		page("GET /compliance/finding", ruleStaff, s.handleFinding),
		page("POST /compliance/finding", ruleStaff, s.handleFindingWork),
		// 9.2.1ア, イ: evidence of the work; the service decides by the finding.
		page("POST /compliance/finding/evidence", ruleStaff, s.handleFindingEvidence),
		page("GET /compliance/finding/evidence", ruleStaff, s.handleFindingEvidenceFile),
		page("GET /compliance/findings/accept", ruleCityOffice, s.handleAcceptForm),
		page("POST /compliance/findings/accept", ruleCityOffice, s.handleAccept),
		page("GET /compliance/network", ruleCityOffice, s.handleSeparation),
		page("GET /systems", ruleStaff, s.handleSystems),
		page("GET /systems/new", ruleStaff, s.handleSystemNew),
		page("POST /systems", ruleStaff, s.handleSystemSave),
		page("GET /systems/import", ruleStaff, s.importForm(s.systemImport())),
		page("POST /systems/import", ruleStaff, s.importFile(s.systemImport())),
		page("GET /systems/export", ruleStaff, s.handleSystemExport),
		page("GET /systems/template.xlsx", ruleStaff, s.handleSystemTemplate),
		page("GET /systems/{id}", ruleStaff, s.handleSystem),
		page("GET /systems/{id}/edit", ruleStaff, s.handleSystemEdit),
		page("POST /systems/{id}", ruleStaff, s.handleSystemSave),
		// 8.1.5, 8.1.7, 8.3.6, 9.1: a system's operations records; the
		// operations service decides who writes them (its 課, its
		// 業務システム管理者, the 情報基盤管理者).
		page("POST /systems/{id}/work", ruleStaff, s.handleWorkAdd),
		page("POST /systems/{id}/logs", ruleStaff, s.handleLogPolicy),
		page("POST /systems/{id}/logs/reviews", ruleStaff, s.handleLogReview),
		page("GET /systems/{id}/changes/new", ruleStaff, s.handleChangeNew),
		page("POST /systems/{id}/changes", ruleStaff, s.handleChangePlan),
		page("GET /systems/{id}/changes/{cid}", ruleStaff, s.handleChange),
		page("POST /systems/{id}/changes/{cid}/{step}", ruleStaff, s.handleChangeStep),
		page("POST /systems/{id}/vulns/{vuln}/exception", ruleStaff, s.handleVulnException),
		// 8.3.1 to 8.3.5, 8.1.6: a system's stage and checklists; the
		// operations service decides who answers and who reads evidence.
		page("POST /systems/{id}/stage", ruleStaff, s.handleStageMove),
		page("GET /systems/{id}/checklists", ruleStaff, s.handleChecklists),
		page("POST /systems/{id}/checklists/{list}/answer", ruleStaff, s.handleChecklistAnswer),
		page("GET /systems/{id}/checklists/evidence/{eid}", ruleStaff, s.handleChecklistEvidence),
		// 8.6.2: security notices sent by the CISO's office (the store
		// refuses anyone else), read and confirmed by those they go to.
		page("GET /notices", ruleStaff, s.handleNotices),
		page("POST /notices", ruleCityOffice, s.handleNoticeSend),
		page("GET /notices/{id}", ruleStaff, s.handleNotice),
		page("POST /notices/{id}/read", ruleStaff, s.handleNoticeRead),
		// 8.6.1: security holes matched to the software; the CISO's office
		// imports feeds (the store refuses anyone else).
		page("GET /vulns", ruleStaff, s.handleVulns),
		page("POST /vulns/import", ruleCityOffice, s.handleVulnsImport),

		// Chapter 5 and 8.1.9: segments and connections, read by everyone,
		// kept by the CISO's office (checked per handler).
		page("GET /networks", ruleStaff, s.handleNetworks),
		page("GET /networks/segments/new", ruleStaff, s.handleSegmentForm),
		page("POST /networks/segments", ruleStaff, s.handleSegmentSave),
		page("GET /networks/connections/new", ruleStaff, s.handleConnectionForm),
		page("POST /networks/connections", ruleStaff, s.handleConnectionSave),
		page("GET /networks/segments/import", ruleStaff, s.networkImportPage(false)),
		page("POST /networks/segments/import", ruleStaff, s.networkImportPage(true)),
		page("GET /networks/segments/export", ruleStaff, s.handleNetworkExport),
		page("GET /networks/connections/import", ruleStaff, s.networkImportPage(false)),
		page("POST /networks/connections/import", ruleStaff, s.networkImportPage(true)),
		page("GET /networks/connections/export", ruleStaff, s.handleNetworkExport),
		page("GET /networks/segments/{id}", ruleStaff, s.handleSegmentForm),
		page("POST /networks/segments/{id}", ruleStaff, s.handleSegmentSave),
		page("GET /networks/connections/{id}", ruleStaff, s.handleConnectionForm),
		page("POST /networks/connections/{id}", ruleStaff, s.handleConnectionSave),
		page("POST /networks/segments/{id}/retire", ruleStaff, s.segmentRetire().page(s)),
		page("POST /networks/connections/{id}/retire", ruleStaff, s.connectionRetire().page(s)),
	}
	// Permits, approvals and exceptions: who may read or act on a request
	// is decided per request (requester, approvers, the 課, the city office).
	rt = append(rt,
		page("GET /permits", ruleStaff, s.handlePermits),
		page("GET /permits/inbox", ruleStaff, s.handlePermitInbox),
		page("GET /permits/new", ruleStaff, s.handlePermitTypes),
		page("GET /permits/form", ruleStaff, s.handlePermitForm),
		page("POST /permits", ruleStaff, s.handlePermitFile),
		// 9.5.3: the register of exception requests and decisions.
		page("GET /permits/exceptions", ruleLedger, s.handleExceptions),
		page("GET /permits/exceptions/export", ruleLedger, s.handleExceptionsExport),
		page("GET /permits/{id}", ruleStaff, s.handlePermit),
		page("GET /permits/{id}/print", ruleStaff, s.handlePermitPrint),
		page("GET /permits/{id}/files/{n}", ruleStaff, s.handlePermitAttachment),
		page("POST /permits/{id}/{action}", ruleStaff, s.handlePermitAction),
	)
	// Chapter 6: the registers of devices, removable media and managed
	// areas; who sees and edits what is decided per item, as for assets.
	rt = append(rt, s.devices.routes(s)...)
	rt = append(rt, s.media.routes(s)...)
	rt = append(rt, s.areas.routes(s)...)
	// 11.2: the self-check; who may answer or launch is decided per report
	// and in the store's gate.
	rt = append(rt,
		page("GET /selfcheck", ruleStaff, s.handleSelfcheck),
		page("POST /selfcheck/launch", ruleCityOffice, s.handleSelfcheckLaunch),
		page("GET /selfcheck/questions", ruleStaff, s.handleSelfcheckQuestions),
		page("POST /selfcheck/questions", ruleCityOffice, s.handleSelfcheckQuestionSave),
		page("GET /selfcheck/reports/{id}", ruleStaff, s.handleSelfcheckReport),
		page("POST /selfcheck/reports/{id}", ruleStaff, s.handleSelfcheckAnswer),
		page("POST /selfcheck/reports/{id}/submit", ruleStaff, s.handleSelfcheckSubmit),
		page("POST /selfcheck/reports/{id}/evidence", ruleStaff, s.handleSelfcheckEvidenceUpload),
		page("GET /selfcheck/reports/{id}/evidence/{eid}", ruleStaff, s.handleSelfcheckEvidence),
		page("GET /selfcheck/years/{year}", ruleLedger, s.handleSelfcheckProgress),
		page("GET /selfcheck/years/{year}/report", ruleLedger, s.handleSelfcheckResults),
		page("GET /selfcheck/years/{year}/report.xlsx", ruleLedger, s.handleSelfcheckResultsXLSX),
	)
	// 7.3, 3.3, 7.2.3, 8.1.8, 8.5.3, 9.4: incidents and the CSIRT.
	rt = append(rt, s.incidentRoutes()...)
	// Chapter 11: audits and corrective actions.
	rt = append(rt, s.auditRoutes()...)
	// 9.2.2: the stocktake of a 課's devices and media.
	rt = append(rt, s.stocktakeRoutes()...)
	rt = append(rt, s.trainingRoutes()...)
	// JSON API: each route is declared once, with what the OpenAPI document says of it.
	for _, op := range s.apiOperations() {
		rl := op.Rule
		if rl.name == "" {
			rl = ruleStaff
		}
		h := op.Handler
		if op.Method == http.MethodPost {
			// A retried POST with its Idempotency-Key is not done twice.
			h = s.idempotent(h)
		}
		rt = append(rt, api(op.Method+" "+op.Path, rl, h))
	}
	// The pickers' suggestions, as a person types an ID into a form.
	rt = append(rt, api("GET /suggest/{kind}", ruleStaff, s.handleSuggest))
	return append(rt,
		api("GET /api/v1/openapi.json", rulePublic, s.handleOpenAPI),
		// The same document as a page to read, rendered by the server.
		page("GET /api/docs", rulePublic, s.handleAPIDocs),
		api("/api/", rulePublic, apiNotFound),
		page("/", rulePublic, pageNotFound),
	)
}

// routes builds the handler of every route.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		switch {
		case rt.raw != nil:
			mux.Handle(rt.pattern, rt.raw)
		case rt.api != nil:
			mux.HandleFunc(rt.pattern, s.api(s.guard(rt.rule, true, rt.api)))
		default:
			mux.HandleFunc(rt.pattern, s.html(s.guard(rt.rule, false, rt.page)))
		}
	}
	// Refuse state-changing requests sent from other sites (CSRF), by the
	// browser's Sec-Fetch-Site and Origin headers; forms also carry a token.
	csrf := http.NewCrossOriginProtection()
	return s.observe(s.clientAddr(securityHeaders(s.secure, csrf.Handler(mux))))
}
