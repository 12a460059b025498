"""Small helpers the procedure's pages share."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def next_page(request, default: str) -> str:
    """Where a membership decision returns to: the page it was made on."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)
