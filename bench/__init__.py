"""Benchmarks: Frontdesk against a bare PTB echo bot, both as subprocesses against the stand-in."""
