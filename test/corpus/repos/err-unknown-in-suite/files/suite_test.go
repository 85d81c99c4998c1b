package s

func apply() {
	migrations := []string{
		"001_a.sql",
		"002_gone.sql",
	}
	_ = migrations
}
