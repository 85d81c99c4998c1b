package s

var migrations = []string{
	"001_a.sql,
}
