"""Benchmarks: osteoimmune against libRoadRunner, side by side on this machine.

The same as ``osteoimmune bench``; see benchmarks/README.md for what each section measures.

Usage::

    python benchmarks/bench.py [--only single ensemble ...] [--json FILE] [--plot FILE]
"""

from __future__ import annotations

import sys

from osteoimmune.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
