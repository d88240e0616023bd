//go:build race

package jsrun

// raceDetector: the race detector reserves terabytes of shadow address
// space, so a child built with it cannot cap its address space.
const raceDetector = true
