"""What makes the command line start and end fast, beyond importing only what a command needs: the
compiled regular expressions every start needs, kept across runs (regexcache); the garbage collector's
first pass put off until start-up is over (collector); the process ended without tearing the interpreter
down once the output is flushed (quickexit); and NamedTuple classes cheap to create, for every module on
the command line's path (namedtuples). Only namedtuples runs when authadvisor is used as a library."""
