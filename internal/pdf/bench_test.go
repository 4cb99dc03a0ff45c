package pdf

import "testing"

func BenchmarkLetter(b *testing.B) {
	doc := sampleDoc()
	for b.Loop() {
		if _, err := Letter(doc); err != nil {
			b.Fatal(err)
		}
	}
}
