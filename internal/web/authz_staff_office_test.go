package web_test

// staffOfficeMatrix holds the authorisation rows of the office pages (see matrixRows).
var staffOfficeMatrix = []matrixRow{}
