"""What the console script does to start fast, beyond importing only what a command needs: the compiled
regular expressions every start needs, kept across runs (regexcache)."""
