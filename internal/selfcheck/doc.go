// Package selfcheck is the yearly 自己点検 of 11.2: the questions, each
// citing its provision and addressed by role (11.2.1: the 情報管理者 of
// each 課, the 業務システム管理者 of each system, every member of staff),
// the answers, and the rule that an answer is contradicted when the
// registers say otherwise.
//
// A question may name compliance rules (internal/compliance/rules): an
// answer "yes" or "not applicable" to it is contradicted while the
// respondent's 課 or system has open findings of those rules, and the
// findings are the records named. No second checker is written here: the
// findings are those the rules keep up to date (9.2.1). A 課's report
// cannot be submitted while a contradicted answer has no explanation.
//
// The package has no SQL and no HTTP; the store keeps campaigns, reports
// and answers, and the pages and commands call it.
package selfcheck
