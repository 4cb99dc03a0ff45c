package term

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"testing"
	"time"
)

// Compile-time checks of the interfaces Date is meant to implement.
var (
	_ encoding.TextMarshaler   = Date{}
	_ encoding.TextUnmarshaler = (*Date)(nil)
	_ driver.Valuer            = Date{}
	_ sql.Scanner              = (*Date)(nil)
)

func TestParseDate(t *testing.T) {
	valid := []struct {
		in   string
		want Date
	}{
		{"2026-01-05", Date{2026, time.January, 5}},
		{"2024-02-29", Date{2024, time.February, 29}},
		{"2000-02-29", Date{2000, time.February, 29}},
		{"2400-02-29", Date{2400, time.February, 29}},
		{"0001-01-01", Date{1, time.January, 1}},
		{"9999-12-31", Date{9999, time.December, 31}},
		{"2026-12-31", Date{2026, time.December, 31}},
		{"2026-04-30", Date{2026, time.April, 30}},
	}
	for _, tt := range valid {
		got, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}

	invalid := []string{
		"",
		"2026-02-29",
		"1900-02-29",
		"2100-02-29",
		"2026-1-5",
		"2026-01-5",
		" 2026-01-05",
		"2026-01-05 ",
		"2026-01-05x",
		"2026-01-05T00:00:00Z",
		"2026/01/05",
		"20260105",
		"0000-01-01",
		"10000-01-01",
		"2026-00-10",
		"2026-13-01",
		"2026-01-00",
		"2026-01-32",
		"2026-04-31",
		"+026-01-05",
		"-026-01-05",
		"2026-+1-05",
		"2026-01--5",
		"２０２６-01-05",
		"2026-01-0\x00",
	}
	for _, in := range invalid {
		if got, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", in, got)
		}
	}
}

func TestNewDateNormalises(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2026, time.January, 32, "2026-02-01"},
		{2026, time.February, 29, "2026-03-01"},
		{2024, time.February, 29, "2024-02-29"},
		{2026, time.January, 0, "2025-12-31"},
		{2026, 13, 1, "2027-01-01"},
		{2026, 0, 1, "2025-12-01"},
		{2026, time.March, -1, "2026-02-27"},
	}
	for _, tt := range tests {
		if got := NewDate(tt.y, tt.m, tt.d).String(); got != tt.want {
			t.Errorf("NewDate(%d, %d, %d) = %s, want %s", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-05", 14, "2026-01-19"},
		{"2026-01-05", -14, "2025-12-22"},
		{"2026-01-05", 0, "2026-01-05"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2026-02-28", 1, "2026-03-01"},
		{"2100-02-28", 1, "2100-03-01"},
		{"2026-03-28", 1, "2026-03-29"},
		{"2026-03-29", 1, "2026-03-30"},
		{"2026-10-25", 1, "2026-10-26"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-01-01", 3660, "2036-01-09"},
		{"1600-01-01", 146097, "2000-01-01"},
		{"0001-01-01", 3652058, "9999-12-31"},
	}
	for _, tt := range tests {
		from, want := day(tt.from), day(tt.want)
		if got := from.AddDays(tt.n); got != want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if got := from.DaysUntil(want); got != tt.n {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.from, tt.want, got, tt.n)
		}
		if got := want.DaysUntil(from); got != -tt.n {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.want, tt.from, got, -tt.n)
		}
	}
}

func TestDateWeekday(t *testing.T) {
	tests := []struct {
		d    string
		want time.Weekday
	}{
		{"2026-01-05", time.Monday},
		{"2026-03-29", time.Sunday},
		{"2026-05-14", time.Thursday},
		{"2025-04-26", time.Saturday},
		{"2000-01-01", time.Saturday},
		{"2100-03-01", time.Monday},
		{"9999-12-31", time.Friday},
		{"0001-01-01", time.Monday},
	}
	for _, tt := range tests {
		if got := day(tt.d).Weekday(); got != tt.want {
			t.Errorf("%s.Weekday() = %s, want %s", tt.d, got, tt.want)
		}
	}
}

func TestDateCompare(t *testing.T) {
	ordered := []string{"0001-01-01", "1999-12-31", "2000-01-01", "2026-01-31", "2026-02-01", "2026-02-02", "2026-10-01", "9999-12-31"}
	for i, a := range ordered {
		for j, b := range ordered {
			da, db := day(a), day(b)
			if got := da.Before(db); got != (i < j) {
				t.Errorf("%s.Before(%s) = %v", a, b, got)
			}
			if got := da.After(db); got != (i > j) {
				t.Errorf("%s.After(%s) = %v", a, b, got)
			}
		}
	}
	if !(Date{}).IsZero() {
		t.Error("Date{}.IsZero() = false")
	}
	if day("0001-01-01").IsZero() || NewDate(0, 0, 0).IsZero() {
		t.Error("non-zero date reported as zero")
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Last Date  `json:"last"`
		Opt  Date  `json:"opt"`
		Ptr  *Date `json:"ptr"`
	}
	d := day("2026-05-18")
	b, err := json.Marshal(doc{Last: d, Ptr: &d})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"last":"2026-05-18","opt":"","ptr":"2026-05-18"}`; string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Last != d || !back.Opt.IsZero() || back.Ptr == nil || *back.Ptr != d {
		t.Errorf("json round trip = %+v", back)
	}
	for _, in := range []string{`{"last":"2026-02-29"}`, `{"last":"18-05-2026"}`, `{"last":20260518}`} {
		var v doc
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("json.Unmarshal(%s) = %+v, want an error", in, v)
		}
	}
}

func TestDateSQL(t *testing.T) {
	v, err := day("2026-05-18").Value()
	if err != nil || v != "2026-05-18" {
		t.Errorf("Value() = %#v, %v; want \"2026-05-18\"", v, err)
	}
	if v, err := (Date{}).Value(); err != nil || v != nil {
		t.Errorf("zero Value() = %#v, %v; want nil", v, err)
	}

	tokyo := time.FixedZone("JST", 9*60*60)
	scans := []struct {
		src  any
		want Date
	}{
		{"2026-05-18", day("2026-05-18")},
		{[]byte("2024-02-29"), day("2024-02-29")},
		{time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC), day("2026-05-18")},
		// The zone of a time.Time is not converted: a date column read as
		// midnight in any zone keeps its day.
		{time.Date(2026, 5, 18, 0, 0, 0, 0, tokyo), day("2026-05-18")},
		{time.Date(2026, 5, 18, 23, 30, 0, 0, time.UTC), day("2026-05-18")},
		{nil, Date{}},
	}
	for _, tt := range scans {
		d := day("2000-01-01")
		if err := d.Scan(tt.src); err != nil {
			t.Errorf("Scan(%#v): %v", tt.src, err)
			continue
		}
		if d != tt.want {
			t.Errorf("Scan(%#v) = %s, want %s", tt.src, d, tt.want)
		}
	}
	for _, src := range []any{"2026-02-29", []byte("x"), 20260518, 1.5, true} {
		var d Date
		if err := d.Scan(src); err == nil {
			t.Errorf("Scan(%#v) = %s, want an error", src, d)
		}
	}
}
