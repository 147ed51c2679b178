"""`python -m node.cli`: the same as the `citymesh` command."""

import sys

from . import main

sys.exit(main())
