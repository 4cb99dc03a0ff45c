package sub

var ignored = map[string][2]string{"test.only": {"x", "y"}}
