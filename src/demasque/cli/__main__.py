"""`python -m demasque.cli ...`, as the `demasque` command."""
import sys

from . import main

sys.exit(main())
