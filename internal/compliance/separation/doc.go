// Package separation proves the three-tier separation of chapter 5 of the
// 情報セキュリティ対策基準 (with 6.3.6 and 8.1.15イ) over the network
// register: segments, systems and the connections between them and the
// external networks LGWAN, the internet and 国等 systems. It is pure: it
// takes the register's rows and returns findings, a text explanation and an
// SVG picture, and imports neither SQL nor HTTP.
//
// # The graph
//
// Every segment:ID, system:ID and external:... end is a node with its zone;
// LGWAN belongs to the LGWAN side, the internet to the internet side.
// Connections are edges, walked both ways: a session opened in one direction
// carries data back, and for the マイナンバー利用事務系 data leaving is as
// bad as data coming in. Only 5.2イ reads direction, and only of a
// connection the register marks one way (a data diode, a send-only
// transfer), which carries data from its From end to its To end. Any other
// connection, mail and file transfers included, is taken to carry data both
// ways: the order its ends were written in decides nothing.
//
// A connection between the LGWAN and internet sides with an accepted
// 無害化 method (5.2イ: text-only mail on a mail channel, screen transfer on
// a screen channel, cleaned files on a file transfer or a network link
// through a cleaning appliance) ends a path: what passes is text, pixels or
// a cleaned file, not packets. No method opens the マイナンバー利用事務系.
//
// # The rules
//
//   - separation.mynumber-internet (5.1ア): no path joins the
//     マイナンバー利用事務系 to the internet side (external:internet and the
//     インターネット接続系), except through an approved connection to 国等.
//     A breadth-first search from every My Number node at once stops at the
//     first internet-side node it meets, so each finding is a shortest path;
//     the path is then followed on to the internet itself. Findings are
//     grouped by the connection to fix: the first unsanitised crossing
//     between LGWAN and the internet side on the path, or else the link that
//     leaves the マイナンバー利用事務系. A city with one bad link sees one
//     finding naming it, with how many other parts of the internet side it
//     also reaches.
//   - separation.mynumber-unrestricted (5.1ア): every connection between the
//     マイナンバー利用事務系 and anything outside it has an address allow-list
//     (Restriction) and ports.
//   - separation.approval-scope (5.1ア ただし書き): Input.Approved may name
//     only connections to 国等 (external:kuni), or a My Number connection
//     onto LGWAN (external:lgwan) that carries that traffic. Other approvals,
//     or approvals of connections the register does not hold, are reported
//     and not trusted. The register cannot show which line a connection runs
//     over; an approval is taken as the 統括責任者's word that it runs via
//     LGWAN.
//   - separation.lgwan-unsanitised (5.2イ): no data reaches the LGWAN side
//     from the internet side without 無害化, over one connection or a chain
//     through その他 systems. 国等 systems are not walked through: LGWAN
//     reaches them by design and they are outside the city's control.
//     Findings read as the data flows and name the connection that brings
//     it into LGWAN.
//   - separation.internet-outside-cloud (5.3イ): external:internet means the
//     internet through the prefecture's セキュリティクラウド, which the city
//     reaches from its インターネット接続系. A その他 system linked straight
//     to it is reported. Links to it from the マイナンバー利用事務系 or the
//     LGWAN side are findings of 5.1ア or 5.2イ already, and links between
//     two externals are not the city's. The register has no way to record a
//     link to the internet that bypasses the cloud, so this is as far as the
//     check can go.
//   - separation.mynumber-wireless (8.1.15イ): no wireless segment in the
//     マイナンバー利用事務系, and no wireless connection, or connection to a
//     wireless segment, touching it.
//   - separation.mynumber-remote-access (6.3.6): no remote-access connection
//     touches the マイナンバー利用事務系.
//   - separation.unknown-end (5): every end names a segment or system in the
//     input; an unknown end is placed in no zone, so the proof around it is
//     incomplete.
//
// Wireless and remote access are checked where they touch the zone only:
// anything further away must cross a connection that 5.1ア requires to
// carry an address allow-list, which a roaming terminal is not on.
//
// # The models
//
// The ministry's 地方公共団体における情報セキュリティポリシーに関するガイドライン
// describes four network models; Kobe's standard describes α. Input.Model
// selects one; blank, or a model this package does not know, is α, the
// strictest. In every model the マイナンバー利用事務系 rules (5.1ア, 6.3.6,
// 8.1.15イ) are the same.
//
//   - α (alpha): business terminals sit in the LGWAN zone and reach the
//     internet through the インターネット接続系; data comes into LGWAN only
//     through 無害化. Only the インターネット接続系 reaches the internet.
//   - α' (alpha-prime, 2024 guideline): α, with LGWAN terminals allowed to
//     use chosen cloud services directly. A connection from an LGWAN-zone
//     segment or system to external:internet is accepted by 5.2イ and 5.3イ
//     when it is limited to those destinations: Restriction and Ports both
//     set. It is a real route to the internet, so a My Number link onto that
//     LGWAN segment is a 5.1ア finding. Simplification: the guideline's
//     further conditions (tenant restriction, endpoint protection, logging)
//     are not in the register and are not checked.
//   - β (beta): business terminals sit in the インターネット接続系 and work on
//     LGWAN systems by screen transfer; files come in through 無害化. A
//     screen-channel connection from the internet side into LGWAN is
//     accepted whatever its Sanitisation field says. Simplification: the
//     register does not tell terminals from servers, so the move of
//     terminals shows only as those screen connections; the guideline's
//     extra requirements on the internet zone (endpoint detection, the
//     security cloud's monitoring, 5.3ア) are not checked here.
//   - β' (beta-prime): β with business systems also moved to the
//     インターネット接続系. Which systems may move is a matter for the
//     system register, not the connections, so β' checks as β.
//
// # What is not proved
//
// The check trusts the register: a connection it does not list does not
// exist, a Restriction text is taken to be an allow-list that is enforced,
// and a Sanitisation value is taken to be in place. It proves the design on
// record, not the network on the wire.
package separation
