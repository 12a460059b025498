"""Request bodies are refused by their declared size before anything reads them.

Django reads a body only through a stream it limits to the request's Content-Length,
so capping the declared length caps what is read: a 60 MB upload is answered 413
without one byte of it being parsed or spooled to disk. A body sent without a length
(chunked) is answered 411: Django would silently read it as empty, and the nginx in
front (docs/operations.md) sends every body with its length. The cap is
``REKOMSTAT_MAX_REQUEST_BYTES``, a little above the 10 MB attachment limit so a
slightly larger file still gets the attachment form's own, more helpful, message.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

_PAGE = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<main>
<h1>{title}</h1>
<p>{message}</p>
<p><a href="javascript:history.back()">Kembali</a></p>
</main>
</body>
</html>
"""


def _refusal(request, status: int, title: str, message: str) -> HttpResponse:
    wants_json = request.path.startswith("/api/") or "application/json" in request.META.get(
        "HTTP_ACCEPT", ""
    )
    if wants_json:
        response = JsonResponse({"errors": {"request": [message]}}, status=status)
    else:
        response = HttpResponse(
            _PAGE.format(title=escape(title), message=escape(message)),
            status=status,
            content_type="text/html; charset=utf-8",
        )
    # The unread body is still on the wire: the connection cannot be reused.
    response["Connection"] = "close"
    return response


def _megabytes(size: int) -> str:
    """Indonesian style: a decimal comma, one decimal unless whole."""
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return text.replace(".", ",")


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REKOMSTAT_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return _refusal(
                request,
                413,
                "Kiriman terlalu besar",
                f"Kiriman sebesar {_megabytes(declared)} MB melebihi batas {_megabytes(limit)} MB "
                "per kiriman. Setiap lampiran paling besar 10 MB: kompres berkas atau pecah "
                "menjadi beberapa berkas, lalu unggah satu per satu.",
            )
        if not declared and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _refusal(
                request,
                411,
                "Panjang kiriman tidak disebutkan",
                "Kiriman tanpa panjang isi (Content-Length) tidak dapat diterima. Kirim "
                "ulang formulir dari peramban biasa.",
            )
        return self.get_response(request)
