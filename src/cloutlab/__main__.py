import sys

from cloutlab.cli import main

sys.exit(main())
