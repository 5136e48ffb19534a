"""Run the command-line interface: ``python -m relgraph``."""

from .cli import main

main()
