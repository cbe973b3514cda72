"""`python -m kaifm_kg` runs the command line."""

from .cli import main

main()
