package casework_test

import (
	"errors"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

func TestWorkQueryNormalizeAndValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    casework.WorkQuery
		want  casework.WorkQuery
		field string // the field refused; "" when valid
	}{
		{"nothing asked is my cases, page 1", casework.WorkQuery{}, casework.WorkQuery{List: casework.WorkMine, Page: 1}, ""},
		{"a search without a list searches all cases", casework.WorkQuery{Search: "  de   Vries "},
			casework.WorkQuery{List: casework.WorkAll, Search: "de Vries", Page: 1}, ""},
		{"a search within a list keeps it", casework.WorkQuery{List: casework.WorkNew, Search: "MP-2026", Page: 3},
			casework.WorkQuery{List: casework.WorkNew, Search: "MP-2026", Page: 3}, ""},
		{"an unknown list", casework.WorkQuery{List: "everything"}, casework.WorkQuery{List: "everything", Page: 1}, "list"},
		{"a negative page", casework.WorkQuery{List: casework.WorkOverdue, Page: -2},
			casework.WorkQuery{List: casework.WorkOverdue, Page: -2}, "page"},
		{"one character", casework.WorkQuery{Search: " é "}, casework.WorkQuery{List: casework.WorkAll, Search: "é", Page: 1}, "search"},
		{"two characters, one of two bytes", casework.WorkQuery{Search: "Öz"}, casework.WorkQuery{List: casework.WorkAll, Search: "Öz", Page: 1}, ""},
		{"101 characters", casework.WorkQuery{Search: strings.Repeat("ë", 101)},
			casework.WorkQuery{List: casework.WorkAll, Search: strings.Repeat("ë", 101), Page: 1}, "search"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.in.Normalize()
			if got != c.want {
				t.Errorf("Normalize() = %+v, want %+v", got, c.want)
			}
			err := got.Validate()
			if c.field == "" {
				if err != nil {
					t.Errorf("Validate() = %v", err)
				}
				return
			}
			var e *casework.Error
			if !errors.As(err, &e) || e.Code != casework.CodeValidation || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Errorf("Validate() = %#v, want one error at %s", err, c.field)
			}
		})
	}
}

func TestWorkPages(t *testing.T) {
	for total, want := range map[int]int{0: 1, 1: 1, 25: 1, 26: 2, 175: 7, 176: 8} {
		if got := casework.WorkPages(total); got != want {
			t.Errorf("WorkPages(%d) = %d, want %d", total, got, want)
		}
	}
}
