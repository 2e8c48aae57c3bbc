package assets

import "kijun/internal/kijun"

// Kind is what form an asset takes. It decides where its label goes (4.2.イ)
// and how it is destroyed (4.2.ケ.(1): media are made unrecoverable, paper is
// burnt, shredded or pulped).
type Kind string

// The kinds of asset.
const (
	KindData     Kind = "data"     // データ（ファイル）
	KindDocument Kind = "document" // 文書（電子文書）
	KindPaper    Kind = "paper"    // 紙媒体
	KindMedia    Kind = "media"    // 電磁的記録媒体
	KindDatabase Kind = "database" // データベース
	KindOther    Kind = "other"    // その他
)

// KindSpec says how a kind is named and where its classification is shown.
type KindSpec struct {
	Kind    Kind
	Label   string
	LabelEN string
	// LabelPlace is where 4.2.イ asks the classification to be shown.
	LabelPlace string
}

// KindSpecs returns the kinds in display order.
func KindSpecs() []KindSpec {
	return []KindSpec{
		{KindData, "データ", "Data", "ファイル名、ファイルの属性（プロパティ）、ヘッダー・フッター等"},
		{KindDocument, "文書", "Document", "ファイルの属性（プロパティ）、ヘッダー・フッター、文書の隅等"},
		{KindPaper, "紙", "Paper", "文書の隅等"},
		{KindMedia, "電磁的記録媒体", "Removable medium", "格納する電磁的記録媒体のラベル"},
		{KindDatabase, "データベース", "Database", "データベースやテーブルの属性、画面の表示等"},
		{KindOther, "その他", "Other", "資産に応じた適切な箇所"},
	}
}

// Spec returns the kind's spec, or an EINVALID error for an unknown kind.
func (k Kind) Spec() (KindSpec, error) {
	for _, s := range KindSpecs() {
		if s.Kind == k {
			return s, nil
		}
	}
	return KindSpec{}, kijun.Errorf(kijun.EINVALID, "情報資産の種類 %q は定義されていません", string(k))
}

// Label returns the Japanese name of the kind, or the identifier if unknown.
func (k Kind) Label() string {
	if s, err := k.Spec(); err == nil {
		return s.Label
	}
	return string(k)
}
