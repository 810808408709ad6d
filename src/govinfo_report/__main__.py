"""``python -m govinfo_report``: the command line (see ``govinfo_report._cli``)."""

import sys

from ._cli import main

sys.exit(main())
