package operations

import (
	"strings"
	"time"

	"kijun/internal/kijun"
)

// Audience is who a security notice goes to (8.6.2): the holders of a
// role, the staff of a 課, or those of a system (its 課 and its
// 業務システム責任者 and 管理者).
type Audience string

// The audiences of a notice.
const (
	AudienceRole   Audience = "role"
	AudienceUnit   Audience = "unit"
	AudienceSystem Audience = "system"
)

// Label is the audience's Japanese name.
func (a Audience) Label() string {
	switch a {
	case AudienceRole:
		return "役割"
	case AudienceUnit:
		return "課"
	case AudienceSystem:
		return "情報システム"
	}
	return string(a)
}

// Fields of a notice.
const (
	FieldNoticeTitle = "title"
	FieldNoticeBody  = "body"
	FieldAudience    = "audience"
	FieldTarget      = "target"
)

// Notice is a security notice to staff (8.6.2: 不正プログラム等のセキュリティ
// 情報の周知): what is happening and what to do, to the people it
// concerns, each of whom confirms reading it.
type Notice struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Audience Audience `json:"audience"`
	// Target is the role, the 課's code or the system's ID.
	Target string    `json:"target"`
	SentBy string    `json:"sent_by"`
	SentAt time.Time `json:"sent_at"`
	// Recipients and Read count the people it went to and those who
	// confirmed reading it.
	Recipients int `json:"recipients"`
	Read       int `json:"read"`
}

// Check returns what is wrong with n.
func (n Notice) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(n.Title) == "" {
		fe.Add(FieldNoticeTitle, "件名を入力してください")
	}
	if strings.TrimSpace(n.Body) == "" {
		fe.Add(FieldNoticeBody, "周知する内容（対応方法）を入力してください（8.6.2）")
	}
	switch n.Audience {
	case AudienceRole, AudienceUnit, AudienceSystem:
		if strings.TrimSpace(n.Target) == "" {
			fe.Add(FieldTarget, "送る相手（%s）を入力してください", n.Audience.Label())
		}
	default:
		fe.Add(FieldAudience, "送る相手を役割・課・情報システムから選んでください")
	}
	fe.Text(FieldNoticeTitle, "件名", n.Title, 200, false)
	fe.Text(FieldNoticeBody, "内容", n.Body, 10000, true)
	fe.Text(FieldTarget, "送る相手", n.Target, 100, false)
	return fe.Fields
}

// NoticeReads is how many of a 課's people a notice went to and how many
// confirmed reading it.
type NoticeReads struct {
	Unit, UnitName   string
	Recipients, Read int
}

// NoticeRecipient is one person a notice went to.
type NoticeRecipient struct {
	StaffNo, Name, Unit string
	ReadAt              time.Time
}
