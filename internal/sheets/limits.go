package sheets

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"kijun/internal/kijun"
)

// Limits bound what reading one file may cost, so that a small file that
// unpacks to gigabytes (a decompression bomb) is refused before it is
// unpacked, and a sheet of millions of empty rows or cells stops early.
// Any member of staff may upload a register file (8.2.1ア: the server must
// stay up for everyone else).
type Limits struct {
	// Size is the most bytes of the file as uploaded.
	Size int
	// Unzipped is the most bytes a workbook's parts may hold once
	// unpacked, all parts together. A worksheet is unpacked to a
	// temporary file and read from there as a stream; Unzipped is also
	// the most disk one read may use.
	Unzipped int64
	// Rows is the most rows of the sheet read, blank rows and the
	// heading included.
	Rows int
	// Columns is the most cells of one row, counted up to its last
	// filled cell.
	Columns int
	// Strings is the most texts a workbook's table of shared strings may
	// hold: each costs memory to index, however short.
	Strings int
}

// The bounds below hold for every workbook whatever its Limits: a
// register needs a few dozen parts, keeps only small ones in memory, and
// no cell of Excel holds more than 32,767 characters.
const (
	// maxParts is the most files in a workbook's zip.
	maxParts = 1000
	// inMemory is the size past which excelize unpacks a worksheet or
	// the shared strings to a temporary file rather than into memory;
	// shared strings under it are parsed whole.
	inMemory = 256 << 10
	// maxInMemory is the most bytes of the parts that are kept in memory
	// (the workbook, its relationships, small sheets).
	maxInMemory = 16 << 20
	// maxTags is the most tags of a part excelize parses whole (the
	// workbook, the content types, relationships): each tag costs it
	// hundreds of bytes, however short.
	maxTags = 50_000
	// maxToken is the most bytes between two tags of an XML part: the
	// text of a cell, or a tag with its attributes.
	maxToken = 1 << 20
	// maxElement is the most bytes of one cell (<c>) or one shared
	// string (<si>), rich-text runs included.
	maxElement = 4 << 20
)

// tooBig is the error for a file past one of its limits; what says which.
func tooBig(format string, args ...any) error {
	return kijun.Errorf(kijun.EINVALID, "ファイルが上限を超えているため読みません：%s", fmt.Sprintf(format, args...))
}

// slimWorkbook reads a workbook's zip directory and then the parts a
// register is read from as a stream, and refuses the workbook when it
// passes lim or the fixed bounds above, before excelize unpacks anything.
// Declared sizes are checked first (archive/zip refuses a part that
// unpacks to more than it declares), so a bomb costs a read of its
// directory, not its unpacking. It returns the workbook with only those
// parts, copied as they are compressed: excelize parses the styles, the
// theme and more whole on opening, and a few megabytes of tiny styles
// cost it gigabytes; the values are read raw, without them.
func slimWorkbook(data []byte, lim Limits) ([]byte, error) {
	if n, ok := zipEntries(data); !ok || n > maxParts {
		if !ok {
			return nil, kijun.Errorf(kijun.EINVALID, "ZIP64 形式のファイルは読めません（Excel の .xlsx はこの形式ではありません）")
		}
		return nil, tooBig("ファイルの中の部品が %d 個あります（上限 %d 個）", n, maxParts)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）として読めません")
	}
	if len(zr.File) > maxParts {
		return nil, tooBig("ファイルの中の部品が %d 個あります（上限 %d 個）", len(zr.File), maxParts)
	}
	var kept []*zip.File
	var total, inMem uint64
	for _, f := range zr.File {
		if !needed(f.Name) {
			continue
		}
		kept = append(kept, f)
		size := f.UncompressedSize64
		total += size
		if size > uint64(lim.Unzipped) || total > uint64(lim.Unzipped) {
			return nil, tooBig("展開すると %d MB を超えます（上限 %d MB）", lim.Unzipped>>20, lim.Unzipped>>20)
		}
		if !streamed(f.Name) || size <= inMemory {
			if inMem += size; inMem > maxInMemory {
				return nil, tooBig("ブック・関係付けなどの部品が合わせて %d MB を超えます（上限 %d MB）", maxInMemory>>20, maxInMemory>>20)
			}
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range kept {
		if err := checkPart(f, lim); err != nil {
			return nil, err
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）の部品 %s を読めません", f.Name)
		}
		h := f.FileHeader
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", f.Name, err)
		}
		if _, err := io.Copy(w, raw); err != nil {
			return nil, kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）の部品 %s を読めません", f.Name)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("copy workbook: %w", err)
	}
	return out.Bytes(), nil
}

// needed reports whether a register is read from a part of this name: the
// content types, relationships, the workbook, its worksheets and shared
// strings. Styles, themes, pictures, drawings, comments and the rest are
// left out.
func needed(name string) bool {
	name = strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	switch {
	case name == "[content_types].xml", strings.HasSuffix(name, ".rels"), streamed(name):
		return true
	case strings.HasPrefix(name, "xl/") && !strings.Contains(name[3:], "/"):
		// xl/workbook.xml and the like; not xl/styles.xml, xl/calcChain.xml.
		return strings.HasPrefix(name, "xl/workbook")
	}
	return false
}

// streamed reports whether excelize unpacks a part of this name to a
// temporary file when it is large: the worksheets and the shared strings.
func streamed(name string) bool {
	name = strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
}

// zipEntries reads the number of files from the end of a zip's central
// directory, found as archive/zip finds it (the last signature in the
// last 65 KB that leaves room for the record); ok is false for ZIP64,
// whose counts a workbook never needs. With no directory it returns 0
// and zip.NewReader then refuses the file.
func zipEntries(data []byte) (n int, ok bool) {
	const endLen = 22
	if len(data) < endLen {
		return 0, true
	}
	start := max(0, len(data)-65*1024)
	i := bytes.LastIndex(data[start:len(data)-endLen+4], []byte("PK\x05\x06"))
	if i < 0 {
		return 0, true
	}
	end := data[start+i:]
	records := binary.LittleEndian.Uint16(end[10:12])
	size := binary.LittleEndian.Uint32(end[12:16])
	offset := binary.LittleEndian.Uint32(end[16:20])
	// archive/zip looks for ZIP64 records on these values.
	if records == 0xffff || size == 0xffff || offset == 0xffffffff {
		return 0, false
	}
	return int(records), true
}

// checkPart unpacks one part as a stream. A part that is XML must have no
// token longer than maxToken and no <! (comments, CDATA, DOCTYPE: Excel
// writes none, and they would let a cell's text grow past maxToken); a
// cell or shared string must fit in maxElement; the shared strings must
// number no more than lim.Strings.
func checkPart(f *zip.File, lim Limits) error {
	name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
	rc, err := f.Open()
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）の部品 %s を読めません", f.Name)
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, maxToken)
	if !looksXML(br) {
		// A picture: kept in memory as it is, never parsed.
		if _, err := io.Copy(io.Discard, br); err != nil {
			return kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）の部品 %s を読めません", f.Name)
		}
		return nil
	}
	// The shared strings are indexed; the worksheets are read as a
	// stream; the other parts are parsed whole.
	element, most, tags := "", 0, maxTags
	switch {
	case name == "xl/sharedstrings.xml":
		element, most, tags = "si", lim.Strings, 0
	case streamed(name):
		element, tags = "c", 0
	}
	err = scanXML(br, element, most, tags)
	var le *limitError
	switch {
	case errors.As(err, &le):
		return tooBig("%s（%s）", le.what, f.Name)
	case err != nil:
		return kijun.Wrap(kijun.EINVALID, err, "Excel ファイル（.xlsx）の部品 %s を読めません", f.Name)
	}
	return nil
}

// looksXML reports whether a part begins as XML does, after any byte
// order mark and white space: excelize parses a part as XML by the place
// the workbook gives it, not by its name.
func looksXML(br *bufio.Reader) bool {
	head, _ := br.Peek(512)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '<'
}

// limitError says which bound an XML part passed.
type limitError struct{ what string }

func (e *limitError) Error() string { return e.what }

// scanXML reads an XML part tag by tag without parsing it: no token may
// pass maxToken, and no <! appear. When element is not "", each element
// of that name must fit in maxElement, and when most > 0 there may be no
// more than most of them; when tags > 0, no more than tags tags in all.
func scanXML(br *bufio.Reader, element string, most, tags int) error {
	var (
		pos      int64      // bytes read up to the '<' just found
		open     int64 = -1 // where the element being measured began
		opened   bool       // the chunk read next is that element's start tag
		count    int        // tags
		elements int
	)
	bigElement := &limitError{fmt.Sprintf("一つのセル又は文字列が %d MB を超えています", maxElement>>20)}
	for {
		chunk, err := br.ReadSlice('<')
		pos += int64(len(chunk))
		if errors.Is(err, bufio.ErrBufferFull) {
			return &limitError{fmt.Sprintf("一つのセルの文字又はタグが %d MB を超えています", maxToken>>20)}
		}
		if opened {
			// <c r="A1"/> ends where it starts.
			if i := bytes.IndexByte(chunk, '>'); i > 0 && chunk[i-1] == '/' {
				open = -1
			}
			opened = false
		}
		if open >= 0 && pos-open > maxElement {
			return bigElement
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if count++; tags > 0 && count > tags {
			return &limitError{fmt.Sprintf("タグが %d 個を超えています", tags)}
		}
		next, _ := br.Peek(len(element) + 2)
		if len(next) > 0 && next[0] == '!' {
			return &limitError{"Excel が書かない XML（コメント・CDATA・DTD）を含んでいます"}
		}
		if element == "" {
			continue
		}
		switch {
		case isStart(next, element):
			open, opened = pos, true
			if elements++; most > 0 && elements > most {
				return &limitError{fmt.Sprintf("共有文字列が %d 個を超えています", most)}
			}
		case len(next) > 1 && next[0] == '/' && isStart(next[1:], element):
			open = -1
		}
	}
}

// isStart reports whether b, the bytes after a '<', begin the tag name.
func isStart(b []byte, name string) bool {
	if len(b) <= len(name) || string(b[:len(name)]) != name {
		return false
	}
	switch b[len(name)] {
	case '>', ' ', '/', '\t', '\r', '\n':
		return true
	}
	return false
}

// LimitsFor returns the Limits of a register file of at most size bytes
// and rows rows: up to 4 KB a row unpacked (a row of the asset register
// takes about 1 KB), 256 columns (a register has at most 22; people add
// notes at the right), and 6 different texts a row on average (an ID, a
// name, a description and a few reasons; the rest repeat). Each shared
// string costs excelize about 100 bytes to index however short it is:
// 1.8 million of them, the asset register's bound, take about 200 MB.
func LimitsFor(size, rows int) Limits {
	return Limits{Size: size, Unzipped: int64(rows)*4096 + 64<<20, Rows: rows, Columns: 256, Strings: rows * 6}
}
