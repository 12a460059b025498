"""gunicorn in production, behind nginx (deploy/nginx.conf):

    DJANGO_SETTINGS_MODULE=portal.settings.production gunicorn -c deploy/gunicorn.conf.py

The one place the production web server is configured; docs/operations.md points here.
`GUNICORN_BIND` and `WEB_CONCURRENCY` (workers) override the defaults.
"""

import os

wsgi_app = "portal.wsgi:application"
# Only nginx on the same host talks to gunicorn; it is the trusted proxy that
# REKOMSTAT_TRUSTED_PROXIES names (127.0.0.1) and whose X-Forwarded-Proto counts.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 60
accesslog = "-"

# The catalog takes up to 10,000 characters of search text in the URL
# (catalog.filters.MAX_QUERY_LENGTH; up to about 30 kB once percent-encoded).
# gunicorn's default request line is 4094 bytes, and it lowers any limit above
# 8190 to 8190: only 0 lifts it. nginx in front caps the line instead (32 kB,
# `large_client_header_buffers 4 32k`), and gunicorn listens on 127.0.0.1 only.
limit_request_line = 0
# The next click from such a results page sends its URL back as the Referer header.
limit_request_field_size = 32 * 1024
