package notify

import (
	"context"
	"fmt"

	"kijun/internal/operations"
	"kijun/internal/store"
)

// NoticeMail is the mail of a security notice (8.6.2) to the people it
// goes to, with the page where each confirms reading it.
func NoticeMail(n operations.Notice, to []string) Mail {
	return Mail{To: to, Subject: "【セキュリティ情報】" + n.Title,
		Body: n.Body + "\n\n読んだら、リンク先の画面で「読みました」を押してください（8.6.2）。", Link: fmt.Sprintf("/notices/%d", n.ID)}
}

// QueueNotice returns the function that queues a notice's mail in the
// transaction that records it.
func (n *Notifier) QueueNotice(ctx context.Context) store.QueueNotice {
	return func(tx *store.Tx, notice operations.Notice, to []string) error {
		return n.Queue(ctx, tx, NoticeMail(notice, to))
	}
}
