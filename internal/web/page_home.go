package web

import (
	"context"
	"net/http"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
)

type homeData struct {
	City       string
	Records    int64
	Checkpoint *records.Checkpoint
	CheckAt    time.Time
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var d homeData
	city, err := s.db.Setting(ctx, "city.name")
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return err
	}
	d.City = city
	if d.Records, _, err = s.db.Head(ctx); err != nil {
		return err
	}
	switch d.Checkpoint, err = s.db.LatestCheckpoint(ctx); kijun.ErrorCode(err) {
	case "":
		d.CheckAt, _ = time.Parse(records.TimeFormat, d.Checkpoint.At)
	case kijun.ENOTFOUND:
	default:
		return err
	}
	return s.render(w, r, http.StatusOK, "home", s.newPage(w, r, "home.title", d))
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "no answer"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.db.Dialect.String(), "version": s.version})
}

func pageNotFound(w http.ResponseWriter, r *http.Request) error {
	return kijun.Errorf(kijun.ENOTFOUND, "%s", "ページが見つかりません。(page not found)")
}
