package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"net/http"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"kijun/internal/stocktake"
)

// stocktakeLabel is one label of the sheet: the item and its QR code.
type stocktakeLabel struct {
	Item stocktake.Item
	QR   template.URL
}

// stocktakeSheetData is the printable sheet of a stocktake.
type stocktakeSheetData struct {
	S      stocktake.Stocktake
	Labels []stocktakeLabel
}

// handleStocktakeSheet is the printable sheet of a stocktake (9.2.2): the
// list to tick by hand, and a label per item with the QR code the
// counting page reads, to stick on an item that has lost its 4.2イ label.
func (s *Server) handleStocktakeSheet(w http.ResponseWriter, r *http.Request) error {
	id, err := s.stocktakeID(r)
	if err != nil {
		return err
	}
	d := &stocktakeSheetData{}
	if d.S, err = s.db.Stocktake(r.Context(), takerOf(currentOf(r).Principal), id); err != nil {
		return err
	}
	for _, it := range d.S.Items {
		img, err := qrDataURL(it.Code())
		if err != nil {
			return err
		}
		d.Labels = append(d.Labels, stocktakeLabel{Item: it, QR: img})
	}
	return s.render(w, r, http.StatusOK, "stocktake_sheet", s.newPage(w, r, "stocktake.sheet", d))
}

// qrDataURL draws text as a QR code and returns it as a PNG data URL,
// which the pages' content policy allows (img-src data:). The text is an
// item's code, which Kijun wrote; it is never outside input.
func qrDataURL(text string) (template.URL, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("draw the QR code of %s: %w", text, err)
	}
	if code, err = barcode.Scale(code, 132, 132); err != nil {
		return "", fmt.Errorf("draw the QR code of %s: %w", text, err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, code); err != nil {
		return "", fmt.Errorf("draw the QR code of %s: %w", text, err)
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())), nil
}
