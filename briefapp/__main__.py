"""Allow ``python -m briefapp``."""

from briefapp.cli.main import main

raise SystemExit(main())
