package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A reminder is claimed once, whichever process claims it; the reminders
// already claimed are told apart from new ones in one read, across more
// keys than one statement takes.
func TestRemindersClaimedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		claim := func(key string) bool {
			t.Helper()
			var claimed bool
			err := db.Update(ctx, func(tx *store.Tx) error {
				var err error
				claimed, err = tx.ClaimReminder(ctx, key, []string{"100001"}, "件名")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return claimed
		}
		var keys []string
		for i := range 1200 {
			keys = append(keys, fmt.Sprintf("permit:%d:return", i))
		}
		for _, k := range []string{keys[3], keys[700], keys[1199]} {
			if !claim(k) {
				t.Fatalf("first claim of %s refused", k)
			}
		}
		if claim(keys[700]) {
			t.Fatal("a reminder was claimed twice")
		}
		sent, err := db.RemindersSent(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Sorted(maps.Keys(sent)); !slices.Equal(got, []string{keys[1199], keys[3], keys[700]}) {
			t.Fatalf("sent = %v", got)
		}
	})
}
