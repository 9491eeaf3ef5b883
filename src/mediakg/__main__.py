"""``python -m mediakg``: the same as the ``mediakg`` command."""

from mediakg.cli import main

raise SystemExit(main())
