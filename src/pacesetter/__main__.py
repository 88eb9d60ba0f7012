"""`python -m pacesetter` runs the command line."""

from pacesetter.cli.main import main

main()
