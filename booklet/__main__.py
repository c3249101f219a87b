"""Run the command line as `python -m booklet`."""

from booklet.cli import main

raise SystemExit(main())
