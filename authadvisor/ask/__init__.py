"""The questionnaire: its logic, its load-time checks and answer files."""
