package sub

func init() {
	addTexts(map[string][2]string{
		"sub.one": {"één: %s", "one: %s"},
	})
}

func addTexts(map[string][2]string) {}
