package kijun

import (
	"errors"
	"testing"
)

func TestErrorSaysItsCauseOnce(t *testing.T) {
	var ie ImportError
	ie.What = "情報資産台帳"
	ie.Add("sheet", 3, "名称", "名称がありません")
	err := ie.AsError()
	want := "情報資産台帳に 1 件の誤りがあるため、何も取り込んでいません／シート「sheet」3 行目、列「名称」: 名称がありません"
	if err.Error() != want {
		t.Errorf("import error = %q, want %q", err.Error(), want)
	}
	var got *ImportError
	if !errors.As(err, &got) || len(got.Errors) != 1 {
		t.Error("the rows are not reachable from the error")
	}
	wrapped := Wrap(EINVALID, errors.New("disk full"), "cannot write %s", "x.xlsx")
	if wrapped.Error() != "cannot write x.xlsx: disk full" {
		t.Errorf("wrapped error = %q", wrapped.Error())
	}
}
