"""The code of the rules table (the data is the top-level rules/ folder): model, loader, condition
language, engine and outcome records, built-in table access, `rules check` and `rules test`."""
