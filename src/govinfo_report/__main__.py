"""``python -m govinfo_report``: the command line (see ``govinfo_report._cli.command``)."""

import sys

from ._cli.command import main

sys.exit(main())
