package postgres

// ClaimSQL is the claim statement, for the test that checks its plan.
const ClaimSQL = claimSQL
