"""``python -m kamlearn``: the same command line as the ``kamlearn`` console script."""

import sys

from kamlearn.cli import main

sys.exit(main())
