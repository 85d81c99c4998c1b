package s

func apply() {
	migrations := []string{
		"001_a.sql",
	}
	_ = migrations
}
