// Package corrective is the register of 是正措置 (11.1.7, 11.2.3, 11.2.4):
// one register for the corrective actions that an audit finding, a
// self-check answer, a continuous-check finding or an incident's
// recurrence measure calls for. It holds the rules, states and
// validation; it imports neither SQL nor HTTP.
//
// An action is owned by a role (the 情報管理者 of a 課, the 業務システム
// 管理者 of a system), resolved to the person holding it on the day, so a
// transfer in April does not leave the action with someone who has gone.
// It moves open → completed (with evidence of completion: files kept with
// their SHA-256) → verified, the verification of effectiveness made by
// someone other than the owner (11.1.7: 改善状況を確認). A verification
// that finds the action ineffective reopens it. Every change is a ledger
// record, made by the store in the same transaction.
package corrective
