"""``python -m peacetrap.cli``: the command line."""

from peacetrap.cli import main

raise SystemExit(main())
