import warnings

from .base import *  # noqa: F403

# runserver serves static files from the app folders; no collectstatic needed.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

try:
    from .local import *  # noqa: F403  (git-ignored, per developer)
except ImportError:
    pass
