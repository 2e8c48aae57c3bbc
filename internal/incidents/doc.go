// Package incidents is the incident process of the standard as data and
// rules: the report of 7.3.2 and what it still owes, the routing of 7.3.1
// computed from the organisation, the reports owed to outside bodies
// (3.3.2イ, 7.3.1エ・オ, 8.5.3 and the personal-information laws), the CSIRT's
// steps of 7.3.3, drills (7.2.3), the 障害記録 of 8.1.8, the emergency
// contact network (9.4.3) and the response procedures (9.4.1, 9.4.2, 9.4.5).
// It imports neither SQL nor HTTP; the store keeps what it decides.
package incidents
