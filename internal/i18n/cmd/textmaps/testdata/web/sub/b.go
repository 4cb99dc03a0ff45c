package sub

func init() {
	addTexts(map[string][2]string{
		"sub.one": {"één: %s", "one: %s"},
	})
}

func addTexts(map[string][2]string) {}

var more []string

func init() {
	addTexts(map[string][2]string{
		"sub.two": {"twee", "two"},
	})
	more = append(more, "x")
}
