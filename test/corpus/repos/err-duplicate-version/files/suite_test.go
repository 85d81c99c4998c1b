package s

func apply() {
	migrations := []string{
		"001_a.sql",
		"01_b.sql",
		"1_c.go",
	}
	_ = migrations
}
