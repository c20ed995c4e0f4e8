"""``python -m councilguard.cli``: the same as the ``councilguard`` command."""

import sys

from .main import main

sys.exit(main())
