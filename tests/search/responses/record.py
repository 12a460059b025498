"""Record, from a real engine, the responses the parse tests read.

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python \\
        -m tests.search.responses.record --engine opensearch --url http://127.0.0.1:9201

indexes the corpus of `recordings` through the engine's backend class
(`OpenSearchIndex` or `ElasticsearchIndex`) under an index prefix of its own
(`rekomstat-record-<random>`), sends each body of `recordings.RECORDINGS`
exactly as the backend builds it, and writes into `<engine>/` beside this file:

- `<name>.json`, the engine's response, and `<name>.request.json`, the body sent;
- `recording.json`: the engine's version (from `GET /`) and the corpus digest.

Then it drops its index. The files are pretty-printed with sorted keys, and
what changes by itself between two runs is made fixed: `took` (milliseconds)
is 0, and the run's random index names read `recordings.RECORDED_ALIAS` and
`recordings.RECORDED_INDEX`. Everything else is as the engine sent it.
"""

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

import django

FOLDER = Path(__file__).parent
ENGINES = ("elasticsearch", "opensearch")


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """`value` with every string equal to a key of `names` replaced."""
    if isinstance(value, dict):
        return {key: _renamed(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def record(engine: str, url: str, folder: Path) -> dict[str, Any]:
    """Record every request of `recordings.RECORDINGS`; the engine's version."""
    # The catalog's schema and the factories need the apps loaded.
    from search.backends.base import SearchUnavailable
    from search.backends.elasticsearch import ElasticsearchIndex, OpenSearchIndex

    from .recordings import (
        RECORDED_ALIAS,
        RECORDED_INDEX,
        RECORDINGS,
        SCHEMA,
        corpus,
        corpus_digest,
        request_body,
    )

    backend = {"elasticsearch": ElasticsearchIndex, "opensearch": OpenSearchIndex}[engine]
    index = backend(
        url=url,
        index_prefix=f"rekomstat-record-{uuid.uuid4().hex[:8]}",
        schema=SCHEMA,
        replicas=0,  # one copy: nothing recorded depends on replication
    )
    health = index.health()
    if not health.ok:
        raise SystemExit(f"{engine} at {url} does not answer: {health.detail}")
    try:
        version = index.client.info()["version"]
        index.rebuild(corpus())
        (concrete,) = index.client.alias_indices(index.alias)
        names = {index.alias: RECORDED_ALIAS, concrete: RECORDED_INDEX}
        folder.mkdir(parents=True, exist_ok=True)
        for name in RECORDINGS:
            body = request_body(name, index.alias)
            response = index.client.search(index.alias, body)
            response["took"] = 0
            write_json(folder / f"{name}.request.json", _renamed(body, names))
            write_json(folder / f"{name}.json", _renamed(response, names))
        recording = {"engine": engine, "version": version, "corpus_sha256": corpus_digest()}
        write_json(folder / "recording.json", recording)
        return version
    finally:
        try:
            index.drop()
        except SearchUnavailable as error:  # keep the error that stopped the run
            print(f"could not drop {index.alias}-*, delete it by hand: {error}", file=sys.stderr)
        index.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=ENGINES, required=True)
    parser.add_argument("--url", required=True, help="the engine, e.g. http://127.0.0.1:9201")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder to write (default: <this folder>/<engine>)"
    )
    args = parser.parse_args(argv)
    django.setup()
    folder = args.out or FOLDER / args.engine
    version = record(args.engine, args.url, folder)
    print(f"recorded {args.engine} {version['number']} into {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
