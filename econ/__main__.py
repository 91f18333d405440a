"""``python -m peacetrap``: the command line."""

from peacetrap.cli import main

raise SystemExit(main())
