"""What makes the command line start and end fast, beyond importing only what a command needs: our own
modules served from one kept file of their compiled code (modulecache); the compiled regular expressions
and the code typing compiles for the libraries' string annotations, kept across runs (regexcache,
forwardrefs); the caches' file digests remembered by stat (digests); the garbage collector's first pass
put off until start-up is over (collector); the process ended without tearing the interpreter down once
the output is flushed (quickexit); and NamedTuple classes cheap to create, for every module on the
command line's path (namedtuples). Only namedtuples and digests run when authadvisor is used as a
library."""
