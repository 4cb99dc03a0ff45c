package web_test

// staffCaseMatrix holds the authorisation rows of the case pages (see matrixRows).
var staffCaseMatrix = []matrixRow{}
