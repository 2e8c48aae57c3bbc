package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// The load goes to this machine only: a PostgreSQL server elsewhere is
// refused before anything is opened.
func TestOnLoopback(t *testing.T) {
	for _, tt := range []struct {
		db string
		ok bool
	}{
		{"/tmp/load/city.db", true},
		{"postgres://postgres@127.0.0.1:5432/load", true},
		{"postgres://postgres@localhost/load", true},
		{"postgres://postgres@[::1]:5432/load", true},
		{"postgres:///load?host=/var/run/postgresql", true},
		{"postgres://postgres@10.0.0.5:5432/load", false},
		{"postgres://postgres@db.example.jp/load", false},
		{"postgres:///load?host=10.0.0.5", false},
	} {
		if err := onLoopback(tt.db); (err == nil) != tt.ok {
			t.Errorf("onLoopback(%q) = %v, want ok %v", tt.db, err, tt.ok)
		}
	}
}

// Wrong flags are refused with what is wrong, before any server starts.
func TestRunRefusesBadFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-clients", "0"}, "-clients"},
		{[]string{"-clients", "50,x"}, "-clients"},
		{[]string{"-duration", "10m"}, "-duration"},
		{[]string{"-cpuprofile", "cpu.out"}, "-inprocess"},
		{[]string{"-db", "postgres://postgres@192.168.1.9/load"}, "not on this machine"},
	} {
		err := run(context.Background(), tt.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%v) = %v, want an error naming %q", tt.args, err, tt.want)
		}
	}
}
