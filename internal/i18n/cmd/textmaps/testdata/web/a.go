package web

var texts = map[string][2]string{
	"home.title": {"Klacht \"indienen\"", "Make a " + "complaint"},
	"home.tab":   {"a\tb", "c\\d"},
}

var notTexts = map[string]string{"x": "y"}
