"""Reading and validating a manifest: safe YAML with positions, the fast validator, field checks,
credential detection, the vocabulary and facts, the pydantic model and the JSON Schemas."""
