// Package chart draws the few charts Kijun's pages show (a trend, stacked
// counts, a heat map) as SVG on the server, with no script: the picture is
// an img with a title and a description for screen readers, every mark has
// its own <title>, and each chart can write the same figures as an HTML
// table for those who would rather read them (JIS X 8341-3, WCAG 1.1.1).
// Series differ in dash pattern and marker shape as well as colour, so
// colour is never the only cue (WCAG 1.4.1), and the palette keeps 3:1
// against white (1.4.11). Labels are measured, not guessed, so none is cut
// off: a wide label widens the margin rather than running out of the box.
//
// The package is pure: strings in, strings out, deterministic, no I/O.
package chart
