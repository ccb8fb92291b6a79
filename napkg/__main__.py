import sys

from napkg.cli import main

sys.exit(main())
