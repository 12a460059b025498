"""The live engines CI starts (`deploy/engines/engines.sh`): their URLs, and the
OpenSearch cluster's control port that stops and starts a node."""

import json
import os
import time
import urllib.request

import pytest

from .conftest import engine_url


def control_url() -> str:
    url = os.environ.get("OPENSEARCH_CONTROL_URL", "")
    if not url:
        engine_url("opensearch")  # skips (or fails when required) without the cluster
        pytest.skip("OPENSEARCH_CONTROL_URL is not set (deploy/engines/engines.sh sets it)")
    return url.rstrip("/")


def control(action: str) -> str:
    """POST a control action (`nodes/1/stop`, `nodes/1/start`) to the cluster."""
    request = urllib.request.Request(f"{control_url()}/{action}", method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def node_count(url: str) -> int | None:
    """How many nodes the cluster has, asked of the first node that answers."""
    for node in url.split(","):
        try:
            with urllib.request.urlopen(f"{node}/_cluster/health", timeout=5) as response:  # noqa: S310
                return json.loads(response.read())["number_of_nodes"]
        except OSError:
            continue
    return None


def wait_for(condition, *, timeout: float = 90.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.5)
