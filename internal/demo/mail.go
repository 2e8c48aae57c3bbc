package demo

import (
	"context"
	"fmt"

	"kijun/internal/organisation"
	"kijun/internal/store"
)

// demoMail gives everyone in the demo city a mail address at the reserved
// example domain, and one person in ten a daily digest (issue 6), so that
// the city's mail and reminders have someone to reach. It draws nothing
// from the random stream: the rest of the city stays as the seed makes it.
func demoMail(ctx context.Context, db *store.DB, people []organisation.Person) error {
	list := make([]store.PersonMail, 0, len(people))
	for i, p := range people {
		mode := store.MailEach
		if i%10 == 9 {
			mode = store.MailDigest
		}
		list = append(list, store.PersonMail{StaffNo: p.StaffNo, Mail: "s" + p.StaffNo + "@minato.example", Mode: mode})
	}
	if err := db.SetPeopleMail(ctx, list); err != nil {
		return fmt.Errorf("demo mail addresses: %w", err)
	}
	return nil
}
