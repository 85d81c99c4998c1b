package s

func apply() {
	migrations := []string{
		"001_a.sql",
		"1000_p.sql",
		"002_b.sql",
	}
	_ = migrations
}
