package web

import (
	"net/http"
	"strconv"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
)

type recordsData struct {
	Records []*records.Record
	Entity  string
	ID      string
	Older   int64 // seq to list before for the next page, or 0
}

// recordFilter reads the list filter from the query string.
func recordFilter(r *http.Request) (store.RecordFilter, error) {
	q := r.URL.Query()
	f := store.RecordFilter{Entity: q.Get("entity"), EntityID: q.Get("id"), Limit: 50}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return f, kijun.Errorf(kijun.EINVALID, "before は 1 以上の整数で指定してください（before must be a positive integer）")
		}
		f.Before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return f, kijun.Errorf(kijun.EINVALID, "limit は 1 から 500 の整数で指定してください（limit must be 1 to 500）")
		}
		f.Limit = n
	}
	return f, nil
}

// listRecords lists the records the query string asks for, for the page and
// the API alike.
func (s *Server) listRecords(r *http.Request) (store.RecordFilter, []*records.Record, error) {
	f, err := recordFilter(r)
	if err != nil {
		return f, nil, err
	}
	recs, err := s.db.Records(r.Context(), f)
	return f, recs, err
}

func (s *Server) handleRecords(w http.ResponseWriter, r *http.Request) error {
	f, recs, err := s.listRecords(r)
	if err != nil {
		return err
	}
	d := recordsData{Records: recs, Entity: f.Entity, ID: f.EntityID}
	if len(recs) == f.Limit && recs[len(recs)-1].Seq > 1 {
		d.Older = recs[len(recs)-1].Seq
	}
	return s.render(w, r, http.StatusOK, "records", s.newPage(w, r, "records.title", d))
}

// recordInPath returns the record the path's {seq} names, for the page and
// the API alike.
func (s *Server) recordInPath(r *http.Request) (*records.Record, error) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq < 1 {
		return nil, kijun.Errorf(kijun.ENOTFOUND, "記録番号 %q はありません（no such record）", r.PathValue("seq"))
	}
	return s.db.RecordBySeq(r.Context(), seq)
}

func (s *Server) handleRecord(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recordInPath(r)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "record.title", rec)
	p.Title += " " + strconv.FormatInt(rec.Seq, 10)
	return s.render(w, r, http.StatusOK, "record", p)
}
