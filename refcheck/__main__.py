"""Allow ``python -m refcheck``."""

from refcheck.cli import main

main()
