import sys

from wireparse.cli import main

sys.exit(main())
