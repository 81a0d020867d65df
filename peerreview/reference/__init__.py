"""Reference data for peerreview: vocabulary, public-format parsers and our seed files.

Pure Python on purpose (no Flask, no database): the solver, the build script, the tests and the
database loader all share it, and it can be used without an application context.
"""
