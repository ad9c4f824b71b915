"""The `agency-registry` command line: the entry point that may use every other package."""
