package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/operations"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// noticesData is the page of security notices (8.6.2): every notice with
// its reads for the CISO's office, with the form to send one; each
// person's own notices otherwise.
type noticesData struct {
	Notices   []operations.Notice
	CanSend   bool
	Roles     []organisation.RoleSpec
	Audiences []operations.Audience
	Errors    map[string]string
	Input     map[string]string
}

// handleNotices lists the notices the person sees.
func (s *Server) handleNotices(w http.ResponseWriter, r *http.Request) error {
	return s.renderNotices(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderNotices(w http.ResponseWriter, r *http.Request, status int, fe, input map[string]string) error {
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d := &noticesData{CanSend: ed.City(), Roles: organisation.RoleSpecs(), Errors: fe, Input: input,
		Audiences: []operations.Audience{operations.AudienceUnit, operations.AudienceSystem, operations.AudienceRole}}
	who := currentOf(r).Principal.StaffNo
	if d.CanSend {
		who = ""
	}
	if d.Notices, err = s.db.Notices(r.Context(), who, 200); err != nil {
		return err
	}
	return s.render(w, r, status, "notices", s.newPage(w, r, "notice.title", d))
}

// handleNoticeSend sends a notice to the people it concerns, its mail
// queued in the transaction that records it.
func (s *Server) handleNoticeSend(w http.ResponseWriter, r *http.Request) error {
	input := formInput(r, "title", "body", "audience", "target")
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	var queue store.QueueNotice
	if s.mailer != nil {
		queue = s.mailer.QueueNotice(ctx)
	}
	n, err := s.db.SendNotice(ctx, ed, operations.Notice{Title: input["title"], Body: input["body"],
		Audience: operations.Audience(input["audience"]), Target: input["target"]}, queue)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/notices/%d?sent=1", n.ID), http.StatusSeeOther)
		return nil
	}
	fe := map[string]string{}
	if err := fieldErrors(err, fe, operations.FieldNoticeBody); err != nil {
		return err
	}
	return s.renderNotices(w, r, http.StatusBadRequest, fe, input)
}

// noticeData is one notice: its text, whether it went to the person and
// when they confirmed reading it, and its reads per 課 for the office.
type noticeData struct {
	Notice  operations.Notice
	To      bool
	ReadAt  time.Time
	Office  bool
	PerUnit []operations.NoticeReads
}

// handleNotice shows a notice to those it went to and to the office.
func (s *Server) handleNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "セキュリティ情報 %s はありません", r.PathValue("id"))
	}
	ctx := r.Context()
	d := &noticeData{}
	if d.Notice, err = s.db.Notice(ctx, id); err != nil {
		return err
	}
	if d.To, d.ReadAt, err = s.db.NoticeRead(ctx, id, currentOf(r).Principal.StaffNo); err != nil {
		return err
	}
	ed, err := s.editor(r)
	if err != nil {
		return err
	}
	d.Office = ed.City()
	if !d.To && !d.Office {
		return kijun.Errorf(kijun.EFORBIDDEN, "セキュリティ情報 %d はあなた宛てではありません", id)
	}
	if d.Office {
		if d.PerUnit, err = s.db.NoticeReads(ctx, id); err != nil {
			return err
		}
	}
	p := s.newPage(w, r, "notice.title", d)
	p.Title = d.Notice.Title
	return s.render(w, r, http.StatusOK, "notice", p)
}

// handleNoticeRead records that the signed-in person has read a notice.
func (s *Server) handleNoticeRead(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kijun.Errorf(kijun.ENOTFOUND, "セキュリティ情報 %s はありません", r.PathValue("id"))
	}
	if err := s.db.ConfirmNoticeRead(r.Context(), id, currentOf(r).Principal.StaffNo); err != nil && kijun.ErrorCode(err) != kijun.ECONFLICT {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/notices/%d?read=1", id), http.StatusSeeOther)
	return nil
}
