"""search/ is the engine layer only: it imports no project app, and it
indexes whatever plain documents an IndexSchema describes (issue 13, item 3)."""

import ast
import datetime
from pathlib import Path

from search.backends.embedded import EmbeddedIndex
from search.documents import Document, IndexSchema, SearchQuery, TextField

SEARCH = Path(__file__).resolve().parents[2] / "search"
PROJECT_APPS = ("catalog", "procedures", "portal", "site", "bench", "tests")


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # A dotted path for import_string() is an import too.
            if node.value.startswith(tuple(f"{app}." for app in PROJECT_APPS)):
                found.append(node.value)
    return found


def test_search_imports_no_project_app():
    offending = {
        f"{path.relative_to(SEARCH.parent)}: {module}"
        for path in SEARCH.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in PROJECT_APPS
    }
    assert not offending


LETTERS = IndexSchema(
    name="letters",
    text_fields=(TextField("subject", 5.0), TextField("body", 1.0, many=True)),
    facets=("kind",),
    title_field="subject",
    snippet_fields=("body",),
    similarity_fields=("subject", "body"),
)


def letter(doc_id: str, subject: str, kind: str, *body: str) -> Document:
    return Document(
        id=doc_id,
        date=datetime.date(2026, 1, int(doc_id)),
        key=f"L-{doc_id}",
        facets={"kind": kind},
        texts={"subject": subject, "body": body},
    )


def test_an_index_of_another_schema_finds_counts_and_highlights(tmp_path):
    index = EmbeddedIndex(tmp_path / "letters.sqlite3", schema=LETTERS)
    index.upsert(
        [
            letter("1", "Rekomendasi Survei Pertanian", "keluar", "Hasil pemeriksaan", "Layak"),
            letter("2", "Undangan rapat", "masuk", "Membahas pertanian daerah"),
            letter("3", "Undangan pelatihan", "masuk", "Pelatihan petugas"),
        ]
    )
    results = index.query(SearchQuery(text="pertanian"))
    # The subject weighs more than the body; both match through the stem "tani".
    assert [hit.id for hit in results.hits] == ["1", "2"]
    assert results.hits[0].highlight.title == "Rekomendasi Survei <mark>Pertanian</mark>"
    assert "<mark>pertanian</mark>" in results.hits[1].highlight.snippet
    assert {c.value: c.count for c in results.facets["kind"]} == {"keluar": 1, "masuk": 1}
    newest = index.query(SearchQuery(filters={"kind": ("masuk",)}, sort="newest"))
    assert [hit.id for hit in newest.hits] == ["3", "2"]
