"""`python -m kaifm_kg` runs the command line."""

from .cli import main

if __name__ == "__main__":  # not when a worker process of `serve` imports the parent's main module
    main()
