"""The frozen program's entry: the same as ``python -m ltfu``."""

from ltfu.cli import run

run()
