"""`python -m dipwatch` is the `dipwatch` command."""

from .serve.cli import main

if __name__ == "__main__":
    main()
