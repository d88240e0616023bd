//go:build !race

package jsrun

// raceDetector: see race_on.go.
const raceDetector = false
