"""Health-information quality checks: each rule reads a stage's result and returns findings."""
