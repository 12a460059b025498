from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

try:
    from .local import *  # noqa: F403  (git-ignored, per developer)
except ImportError:
    pass
