package systems

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"kijun/internal/kijun"
)

// Segment is a network segment in a zone (5.1 to 5.4).
type Segment struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Zone        Zone      `json:"zone"`
	Unit        string    `json:"unit"`
	UnitName    string    `json:"unit_name,omitempty"`
	Address     string    `json:"address,omitempty"` // CIDR, such as 10.1.0.0/16
	Wireless    bool      `json:"wireless"`          // 8.1.15
	Description string    `json:"description,omitempty"`
	Version     int64     `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Channel is how information crosses a connection.
type Channel string

// The channels.
const (
	ChannelNetwork Channel = "network" // 通信
	ChannelMail    Channel = "mail"    // メール
	ChannelFile    Channel = "file"    // ファイル転送
	ChannelScreen  Channel = "screen"  // 画面転送
)

// Sanitisation is the 無害化 a connection into the LGWAN zone uses (5.2イ).
type Sanitisation string

// The methods of 5.2イ(1) to (3).
const (
	SanitiseNone   Sanitisation = "none"
	SanitiseText   Sanitisation = "mail_text"  // 5.2イ(1) メールテキスト化
	SanitiseScreen Sanitisation = "screen"     // 5.2イ(2) 画面転送
	SanitiseFile   Sanitisation = "file_clean" // 5.2イ(3) ファイル無害化
)

// Labels of channels and sanitisations, in Japanese.
var (
	channelLabels  = map[Channel]string{ChannelNetwork: "通信", ChannelMail: "メール", ChannelFile: "ファイル転送", ChannelScreen: "画面転送"}
	sanitiseLabels = map[Sanitisation]string{SanitiseNone: "なし", SanitiseText: "メールテキスト化", SanitiseScreen: "画面転送", SanitiseFile: "ファイル無害化"}
)

// Label returns the channel's Japanese name.
func (c Channel) Label() string { return labelOr(channelLabels[c], string(c)) }

// Label returns the method's Japanese name.
func (s Sanitisation) Label() string { return labelOr(sanitiseLabels[s], string(s)) }

func labelOr(label, id string) string {
	if label == "" {
		return id
	}
	return label
}

// ParseChannel reads a channel by identifier or Japanese name.
func ParseChannel(s string) (Channel, bool) {
	for c, l := range channelLabels {
		if s == string(c) || s == l {
			return c, true
		}
	}
	return Channel(s), false
}

// ParseSanitisation reads a method by identifier or Japanese name; blank
// is none.
func ParseSanitisation(s string) (Sanitisation, bool) {
	if s == "" {
		return SanitiseNone, true
	}
	for m, l := range sanitiseLabels {
		if s == string(m) || s == l {
			return m, true
		}
	}
	return Sanitisation(s), false
}

// Channels and Sanitisations list the choices in display order.
func Channels() []Channel { return []Channel{ChannelNetwork, ChannelMail, ChannelFile, ChannelScreen} }

// Sanitisations lists the methods of 5.2イ in display order.
func Sanitisations() []Sanitisation {
	return []Sanitisation{SanitiseNone, SanitiseText, SanitiseScreen, SanitiseFile}
}

// Externals are the networks outside the city an end may name: LGWAN, the
// internet through the prefecture's セキュリティクラウド, and 国等 systems.
var Externals = map[string]string{"lgwan": "LGWAN", "internet": "インターネット（自治体情報セキュリティクラウド経由）", "kuni": "国等の公的機関のシステム"}

// Connection is a link between segments, systems and external networks:
// the data a later check walks to prove three-tier separation (5.1 to 5.3).
type Connection struct {
	ID string `json:"id"`
	// From and To are segment:ID, system:ID or external:lgwan|internet|kuni.
	From         string       `json:"from"`
	To           string       `json:"to"`
	Channel      Channel      `json:"channel"`
	Protocol     string       `json:"protocol,omitempty"`
	Ports        string       `json:"ports,omitempty"`
	Restriction  string       `json:"restriction,omitempty"` // 5.1ア: MAC/IP and port allow-lists
	Sanitisation Sanitisation `json:"sanitisation"`          // 5.2イ
	Wireless     bool         `json:"wireless"`              // 8.1.15
	RemoteAccess bool         `json:"remote_access"`         // 6.3.6, 8.2.2
	// OneWay says data crosses only from From to To (a data diode, an
	// outbound-only transfer); otherwise it is taken to cross both ways,
	// whichever end was written first (5.1ア, 5.2イ).
	OneWay      bool      `json:"one_way,omitempty"`
	Description string    `json:"description,omitempty"`
	Version     int64     `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
}

var (
	endPattern  = regexp.MustCompile(`^(segment|system):[A-Za-z0-9][A-Za-z0-9._-]{0,39}$|^external:(lgwan|internet|kuni)$`)
	portPattern = regexp.MustCompile(`^\d{1,5}(-\d{1,5})?$`)
)

// Check returns every field of the segment that is wrong.
func (s Segment) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if !idPattern.MatchString(s.ID) {
		fe.Add(FieldID, "セグメントIDは英数字と - _ . で 1〜40 文字にしてください（%q）", s.ID)
	}
	if strings.TrimSpace(s.Name) == "" {
		fe.Add(FieldName, "名称は 1〜%d 文字で入力してください", MaxName)
	}
	s.checkTexts(&fe)
	if _, ok := ParseZone(string(s.Zone)); !ok {
		fe.Add(FieldZone, "区分 %q はありません（マイナンバー利用事務系・LGWAN接続系・インターネット接続系・その他の情報システム）", string(s.Zone))
	}
	if strings.TrimSpace(s.Unit) == "" {
		fe.Add(FieldUnit, "所管課を指定してください")
	}
	if s.Address != "" {
		if _, err := netip.ParsePrefix(s.Address); err != nil {
			fe.Add("address", "アドレス %q は 10.1.0.0/16 のような CIDR で書いてください", s.Address)
		}
	}
	return fe.Fields
}

// Check returns every field of the connection that is wrong.
func (c Connection) Check() []kijun.FieldError {
	var fe kijun.FieldErrors
	if !idPattern.MatchString(c.ID) {
		fe.Add(FieldID, "接続IDは英数字と - _ . で 1〜40 文字にしてください（%q）", c.ID)
	}
	for field, end := range map[string]string{"from": c.From, "to": c.To} {
		if !endPattern.MatchString(end) {
			fe.Add(field, "接続の端 %q は segment:ID・system:ID・external:lgwan・external:internet・external:kuni のいずれかにしてください", end)
		}
	}
	if c.From == c.To && c.From != "" {
		fe.Add("to", "接続元と接続先が同じです")
	}
	c.checkTexts(&fe)
	if _, ok := ParseChannel(string(c.Channel)); !ok {
		fe.Add("channel", "方式 %q はありません（通信・メール・ファイル転送・画面転送）", string(c.Channel))
	}
	if _, ok := ParseSanitisation(string(c.Sanitisation)); !ok {
		fe.Add("sanitisation", "無害化 %q はありません（なし・メールテキスト化・画面転送・ファイル無害化）", string(c.Sanitisation))
	}
	for _, p := range strings.FieldsFunc(c.Ports, func(r rune) bool { return r == ',' || r == ' ' }) {
		ok := portPattern.MatchString(p)
		if ok {
			lo, hi, _ := strings.Cut(p, "-")
			a, _ := strconv.Atoi(lo)
			b := a
			if hi != "" {
				b, _ = strconv.Atoi(hi)
			}
			ok = a >= 1 && b <= 65535 && a <= b
		}
		if !ok {
			fe.Add("ports", "ポート %q は 443 や 8000-8080 のように 1〜65535 で書いてください", p)
		}
	}
	return fe.Fields
}

// SameSegment and SameConnection report whether two records hold the same
// values, whatever their versions and times.
func SameSegment(a, b Segment) bool {
	a.Version, b.Version, a.UpdatedAt, b.UpdatedAt, a.UnitName, b.UnitName = 0, 0, time.Time{}, time.Time{}, "", ""
	return a == b
}

// SameConnection reports whether two connections hold the same values.
func SameConnection(a, b Connection) bool {
	a.Version, b.Version, a.UpdatedAt, b.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	return a == b
}
