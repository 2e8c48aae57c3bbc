package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/training"
)

// The city's training report (7.2.2カ) judges every duty of the city
// against the attendance of the 年度's courses: 200,000 rows for a city of
// 20,000, read again for this year and the last at every view, which was
// most of the report's time (0.5–1.6 s against its 500 ms). The
// attendance changes a row at a time, each change with its ledger record
// naming the row (entity training_attendance, id course|staff), and write
// transactions run one at a time; so, as NetworkCache does for the
// network, attendanceCache keeps each year's attendance at a ledger head
// and, when the head has moved, re-reads only the people the records since
// name. Who must attend is still computed from the organisation of the day
// at every read: only the attendance is kept.
type attendanceCache struct {
	mu    sync.Mutex
	snaps map[string]*attendanceSnapshot // by the year's course IDs
}

// attendanceSnapshot is the attendance of a set of courses at one ledger
// head, each person's rows side by side in flat. It is never changed once
// made: a change makes a new one, so reads running at once keep theirs.
type attendanceSnapshot struct {
	head     int64
	flat     []training.Attendance
	byPerson map[string][]training.Attendance // windows of flat
}

// attendanceCacheYears bounds the sets of courses kept: the report reads
// two years, a page a third now and then.
const attendanceCacheYears = 4

// attendancePatchMost is the most ledger records after the snapshot's head
// read to patch it; past that (an import of 50,000 rows) the attendance is
// read whole again, which is quicker than by person.
const attendancePatchMost = 5000

// cityAttendance returns the attendance of the courses ids (everyone's),
// from the cache when the ledger has not moved, patched when it has moved
// a little. A write transaction reads without keeping: what it wrote may
// yet roll back.
func (tx *Tx) cityAttendance(ctx context.Context, ids []any) (*attendanceSnapshot, error) {
	if !tx.readOnly {
		return tx.readAttendanceSnapshot(ctx, 0, ids)
	}
	head, _, err := tx.head(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprint(ids...)
	c := &tx.db.attendance
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.snaps[key]
	switch {
	case s != nil && s.head == head:
		return s, nil
	case s != nil && head > s.head && head-s.head <= attendancePatchMost:
		if s, err = tx.patchAttendance(ctx, s, head, ids); err != nil {
			return nil, err
		}
	default:
		if s, err = tx.readAttendanceSnapshot(ctx, head, ids); err != nil {
			return nil, err
		}
		if old := c.snaps[key]; old != nil && head < old.head {
			return s, nil // read for an older transaction: the caller's alone
		}
	}
	if c.snaps == nil || len(c.snaps) >= attendanceCacheYears && c.snaps[key] == nil {
		c.snaps = map[string]*attendanceSnapshot{}
	}
	c.snaps[key] = s
	return s, nil
}

// readAttendanceSnapshot reads the attendance of courses ids whole.
func (tx *Tx) readAttendanceSnapshot(ctx context.Context, head int64, ids []any) (*attendanceSnapshot, error) {
	from := "FROM training_attendance a WHERE a.course_id IN " + inList(len(ids))
	if tx.db.Dialect == SQLite {
		// The year's courses hold most of the table: read it straight
		// through rather than by the key, a table lookup a row.
		from = "FROM training_attendance a WHERE +a.course_id IN " + inList(len(ids))
	}
	var flat []training.Attendance
	if err := tx.readAttendanceRows(ctx, from, ids, func(a training.Attendance) { flat = append(flat, a) }); err != nil {
		return nil, err
	}
	return newAttendanceSnapshot(head, flat), nil
}

// patchAttendance makes the snapshot at head from s: it re-reads the
// attendance of the people the ledger records after s's head name.
func (tx *Tx) patchAttendance(ctx context.Context, s *attendanceSnapshot, head int64, ids []any) (*attendanceSnapshot, error) {
	var staff []string
	seen := map[string]bool{}
	err := tx.each(ctx, "SELECT entity_id FROM ledger_records WHERE seq > ? AND seq <= ? AND entity = 'training_attendance'", []any{s.head, head}, func(sc scanner) error {
		var id string
		if err := sc.Scan(&id); err != nil {
			return err
		}
		if _, p, ok := strings.Cut(id, "|"); ok && !seen[p] {
			seen[p] = true
			staff = append(staff, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the attendance recorded since %d: %w", s.head, err)
	}
	if len(staff) == 0 {
		return &attendanceSnapshot{head: head, flat: s.flat, byPerson: s.byPerson}, nil
	}
	fresh := map[string][]training.Attendance{}
	from := "FROM training_attendance a WHERE a.course_id IN " + inList(len(ids)) + " AND a.staff_no IN "
	for chunk := range slices.Chunk(staff, 500) {
		err := tx.readAttendanceRows(ctx, from+inList(len(chunk)), append(slices.Clone(ids), anys(chunk)...), func(a training.Attendance) {
			fresh[a.StaffNo] = append(fresh[a.StaffNo], a)
		})
		if err != nil {
			return nil, err
		}
	}
	// Each person's rows are a window of flat: copy the windows of the
	// people not named whole, then add the named people's rows, into an
	// array of the size the patch makes (windows stay put).
	n := len(s.flat)
	for _, p := range staff {
		n += len(fresh[p]) - len(s.byPerson[p])
	}
	out := &attendanceSnapshot{head: head, flat: make([]training.Attendance, 0, n), byPerson: make(map[string][]training.Attendance, len(s.byPerson)+len(staff))}
	add := func(p string, rows []training.Attendance) {
		if len(rows) == 0 {
			return
		}
		at := len(out.flat)
		out.flat = append(out.flat, rows...)
		out.byPerson[p] = out.flat[at:len(out.flat):len(out.flat)]
	}
	for i := 0; i < len(s.flat); {
		p := s.flat[i].StaffNo
		w := len(s.byPerson[p])
		if !seen[p] {
			add(p, s.flat[i:i+w])
		}
		i += w
	}
	for _, p := range staff {
		add(p, fresh[p])
	}
	return out, nil
}

// newAttendanceSnapshot puts each person's rows side by side in one
// array, without a slice grown per person, and indexes them: one map
// look-up a row, the rest by position.
func newAttendanceSnapshot(head int64, rows []training.Attendance) *attendanceSnapshot {
	index := map[string]int32{}
	var people []string
	var count []int
	of := make([]int32, len(rows))
	for i, a := range rows {
		k, ok := index[a.StaffNo]
		if !ok {
			k = int32(len(people))
			index[a.StaffNo] = k
			people, count = append(people, a.StaffNo), append(count, 0)
		}
		of[i] = k
		count[k]++
	}
	start := make([]int, len(people)+1)
	for k, n := range count {
		start[k+1] = start[k] + n
	}
	s := &attendanceSnapshot{head: head, flat: make([]training.Attendance, len(rows)), byPerson: make(map[string][]training.Attendance, len(people))}
	next := slices.Clone(start[:len(people)])
	for i, a := range rows {
		s.flat[next[of[i]]] = a
		next[of[i]]++
	}
	for k, p := range people {
		s.byPerson[p] = s.flat[start[k]:start[k+1]:start[k+1]]
	}
	return s
}

// kept returns the snapshot's attendance of the people in keep: by person,
// and all together. It shares the snapshot's arrays when everyone is kept
// (the city's read); the caller must not change them.
func (s *attendanceSnapshot) kept(keep map[string]*training.Person) (map[string][]training.Attendance, []training.Attendance) {
	all := true
	for p := range s.byPerson {
		if keep[p] == nil {
			all = false
			break
		}
	}
	if all {
		return s.byPerson, s.flat
	}
	byPerson := make(map[string][]training.Attendance, len(keep))
	flat := make([]training.Attendance, 0, len(s.flat))
	for p, rows := range s.byPerson {
		if keep[p] != nil {
			byPerson[p] = rows
		}
	}
	for _, a := range s.flat {
		if keep[a.StaffNo] != nil {
			flat = append(flat, a)
		}
	}
	return byPerson, flat
}

// readAttendanceRows reads what the judging and the tallies need of the
// attendance (not who recorded it, nor how), each row's fields joined on
// SQLite (rowFields), dates parsed once per distinct day.
func (tx *Tx) readAttendanceRows(ctx context.Context, from string, args []any, fn func(training.Attendance)) error {
	days := map[string]time.Time{}
	cols := []string{"a.course_id", "a.staff_no", "a.attended_on", "a.passed", "a.has_score", "a.score"}
	r := &factsReader{tx: tx}
	err := r.rowFields(ctx, cols, from, args, func(f []string) error {
		on, ok := days[f[2]]
		if !ok {
			on = organisation.StoredDate(f[2])
			days[f[2]] = on
		}
		fn(training.Attendance{CourseID: f[0], StaffNo: f[1], On: on, Passed: f[3] == "1", HasScore: f[4] == "1", Score: digit(f[5])})
		return nil
	})
	if err != nil {
		return fmt.Errorf("read attendance: %w", err)
	}
	return nil
}
