"""Settings for the test suite: the same as production's, with the fast password hasher."""

import os

os.environ["VIDAN_TESTING"] = "1"

from vidan.config.settings import *  # noqa: F403
