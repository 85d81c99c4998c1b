package s

func apply() {
	files := []string{
		"001_a.sql",
	}
	_ = files
}
