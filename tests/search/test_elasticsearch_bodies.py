"""The Elasticsearch and OpenSearch backends without a server: mapping, bulk
actions, request bodies, parsing of responses recorded from the real engines
(and that they were recorded for today's bodies), and failure when nothing
answers."""

import datetime
import json
from pathlib import Path

import pytest

from catalog.documents import ACTIVITY_SCHEMA, FACETS
from search.backends.base import SearchUnavailable
from search.backends.elasticsearch import (
    ElasticsearchIndex,
    analysed_fields,
    build_search_body,
    build_similar_body,
    bulk_actions,
    delete_actions,
    index_settings,
    parse_search_response,
    parse_similar_response,
)
from search.backends.elasticsearch.bodies import (
    build_vocabulary_body,
    parse_vocabulary_response,
)
from search.backends.elasticsearch.mapping import (
    MAPPING_VERSION,
    META_VERSION,
    VOCABULARY_FIELD,
    exact_fields,
)
from search.documents import Document, FacetCount, SearchQuery
from search.synonyms import Synonyms
from tests.factories import search_document
from tests.search.responses.recordings import RECORDINGS, corpus_digest, request_body

SCHEMA = ACTIVITY_SCHEMA

RESPONSES = Path(__file__).parent / "responses"
# The engines responses were recorded from: a folder each.
RECORDED_ENGINES = sorted(
    folder.name for folder in RESPONSES.iterdir() if (folder / "recording.json").is_file()
)
AGGREGATIONS = {f"_filter_{facet}" for facet in FACETS}


def recorded(engine: str, name: str) -> dict:
    return json.loads((RESPONSES / engine / f"{name}.json").read_text())


def document(doc_id: str, title: str, **changes) -> Document:
    values = {
        "recommendation_number": f"B-3304.2024.{doc_id:>03}",
        "year": 2024,
        "agency": "Dinas Pertanian",
        "office_code": "3304",
        "method": "Survei",
        "frequency": "Tahunan",
        "sector": "Pertanian",
        "decided_on": datetime.date(2024, 4, 1),
        "objective": "Mengukur produktivitas para petani.",
        "variables": ("Luas panen", "Produksi"),
        "extra": "BPS Kabupaten Banjarnegara",
    }
    return search_document(doc_id, title, **{**values, **changes})


def properties() -> dict:
    return index_settings(SCHEMA)["mappings"]["properties"]


# -- mapping ----------------------------------------------------------------


def test_mapping_is_strict_with_one_shard():
    body = index_settings(SCHEMA, replicas=0)
    assert body["mappings"]["dynamic"] == "strict"
    assert body["settings"]["number_of_shards"] == 1
    assert body["settings"]["number_of_replicas"] == 0


def test_analysed_fields_only_split_on_whitespace():
    for field in analysed_fields(SCHEMA).values():
        assert properties()[field] == {
            "type": "text",
            "analyzer": "whitespace",
            "similarity": "BM25",
        }


def test_exact_fields_are_folded_words_copied_into_the_vocabulary():
    assert set(exact_fields(SCHEMA).values()) == {
        "title_exact",
        "agency_exact",
        "objective_exact",
        "variables_exact",
        "extra_exact",
    }
    for field in exact_fields(SCHEMA).values():
        assert properties()[field] == {
            "type": "text",
            "analyzer": "whitespace",
            "similarity": "BM25",
            "index_options": "freqs",
            "copy_to": VOCABULARY_FIELD,
        }
    assert properties()[VOCABULARY_FIELD] == {
        "type": "text",
        "analyzer": "whitespace",
        "index_options": "freqs",
    }


def test_the_mapping_carries_its_version():
    assert index_settings(SCHEMA)["mappings"]["_meta"] == {META_VERSION: MAPPING_VERSION}
    assert MAPPING_VERSION == 2


def test_facets_ids_and_number_are_keywords_and_decision_date_a_date():
    for field in [*FACETS, "id", "recommendation_number"]:
        assert properties()[field] == {"type": "keyword"}
    assert properties()["decided_on"] == {"type": "date"}


def test_original_text_is_stored_but_not_indexed():
    for field in ("title_original", "objective_original", "variables_original"):
        assert properties()[field]["index"] is False


# -- bulk -------------------------------------------------------------------


def test_bulk_actions_carry_id_index_and_stemmed_text():
    actions = list(
        bulk_actions(
            [document("1", "Survei Pertanian"), document("2", "Sensus Ekonomi", year=2023)],
            "rekomstat-activities-new",
            SCHEMA,
        )
    )
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "rekomstat-activities-new", "1"),
        ("index", "rekomstat-activities-new", "2"),
    ]
    first, second = actions[0]["_source"], actions[1]["_source"]
    assert first["title"] == "survei tani"
    assert first["objective"] == "ukur produktivitas tani"
    assert first["title_exact"] == "survei pertanian"
    assert first["objective_exact"] == "mengukur produktivitas petani"
    assert first["variables_exact"] == "luas panen produksi"
    assert first["title_original"] == "Survei Pertanian"
    assert first["variables_original"] == ["Luas panen", "Produksi"]
    assert (first["office"], first["decided_on"]) == ("3304", "2024-04-01")
    assert second["year"] == "2023"


def test_bulk_source_has_exactly_the_mapped_fields():
    (action,) = bulk_actions([document("1", "Survei Pertanian")], "i", SCHEMA)
    # The vocabulary is filled by the engine (copy_to), never sent.
    assert set(action["_source"]) == set(properties()) - {VOCABULARY_FIELD}


def test_a_stamped_document_is_versioned_by_its_update_time():
    moment = datetime.datetime(2026, 5, 1, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    (action,) = bulk_actions([document("1", "Survei", updated_at=moment)], "i", SCHEMA)
    assert action["_source"]["updated_at"] == "2026-05-01T10:00:00.123456+00:00"
    assert properties()["updated_at"] == {"type": "keyword"}
    # external_gte: Elasticsearch refuses (409) a version older than the one it holds.
    assert action["version_type"] == "external_gte"
    assert action["version"] == 1_777_629_600_123_456
    older = moment - datetime.timedelta(microseconds=1)
    (older_action,) = bulk_actions([document("1", "Survei", updated_at=older)], "i", SCHEMA)
    assert older_action["version"] == action["version"] - 1
    (unstamped,) = bulk_actions([document("1", "Survei")], "i", SCHEMA)
    assert "version" not in unstamped and unstamped["_source"]["updated_at"] == ""


def test_delete_actions_target_ids():
    assert list(delete_actions(["3", "9"], "alias")) == [
        {"_op_type": "delete", "_index": "alias", "_id": "3"},
        {"_op_type": "delete", "_index": "alias", "_id": "9"},
    ]


# -- search bodies ----------------------------------------------------------


def test_empty_query_matches_all_newest_first():
    body = build_search_body(SearchQuery(), SCHEMA)
    assert body["query"] == {"match_all": {}}
    assert body["sort"][:2] == [
        {"decided_on": {"order": "desc"}},
        {"recommendation_number": {"order": "asc"}},
    ]
    assert "post_filter" not in body
    assert set(body["aggs"]) == AGGREGATIONS
    assert body["track_total_hits"] is True


STEMMED = ["title^10", "agency_text^3", "objective^2", "variables^2", "extra^1"]
EXACT = [
    "title_exact^20",
    "agency_exact^6",
    "objective_exact^4",
    "variables_exact^4",
    "extra_exact^2",
]
FUZZY = [
    "title_exact^5",
    "agency_exact^1.5",
    "objective_exact^1",
    "variables_exact^1",
    "extra_exact^0.5",
]


def stem_match(terms: str) -> dict:
    return {
        "multi_match": {
            "query": terms,
            "type": "cross_fields",
            "operator": "and",
            "fields": STEMMED,
        }
    }


def word_match(word: str, stem: str, fuzziness: int) -> dict:
    exact = {"multi_match": {"query": word, "type": "cross_fields", "fields": EXACT}}
    should = [stem_match(stem), exact]
    if fuzziness:
        fuzzy = {
            "query": word,
            "type": "best_fields",
            "fields": FUZZY,
            "fuzziness": fuzziness,
            "prefix_length": 1,
            "fuzzy_transpositions": True,
        }
        should.append({"multi_match": fuzzy})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def phrase_match(stems: str, fields: list[str] = STEMMED) -> dict:
    return {"multi_match": {"query": stems, "type": "phrase", "fields": fields}}


PROXIMITY = ["title^30", "agency_text^9", "objective^6", "variables^6", "extra^3"]


def test_every_word_is_required_by_stem_exact_form_or_typo_ranked_by_score():
    body = build_search_body(SearchQuery(text="Survei Pertanian data"), SCHEMA)
    assert body["query"] == {
        "bool": {
            "must": [
                word_match("survei", "survei", 1),
                word_match("pertanian", "tani", 2),
                word_match("data", "data", 0),  # under 5 letters: no typo tolerance
            ],
            # Words typed together, found together: ranked higher, never required.
            "should": [phrase_match("survei tani data", PROXIMITY)],
        }
    }
    assert body["sort"][:3] == [
        "_score",
        {"decided_on": {"order": "desc"}},
        {"recommendation_number": {"order": "asc"}},
    ]


def test_a_single_word_is_the_whole_query():
    body = build_search_body(SearchQuery(text="pendataan"), SCHEMA)
    assert body["query"] == word_match("pendataan", "data", 2)


def test_a_quoted_phrase_is_a_phrase_of_stems_in_one_field():
    body = build_search_body(SearchQuery(text='"kepuasan terhadap masyarakat" desa'), SCHEMA)
    phrase, word = body["query"]["bool"]["must"]
    assert phrase == phrase_match("puas masyarakat")
    assert word == word_match("desa", "desa", 0)
    assert "should" not in body["query"]["bool"]  # a single word beside a phrase


def test_a_synonym_group_is_any_alternative_by_stem_only():
    synonyms = Synonyms.from_phrases([["UMKM", "usaha mikro kecil menengah"]])
    body = build_search_body(SearchQuery(text="umkm", synonyms=synonyms), SCHEMA)
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [stem_match("umkm"), stem_match("usaha mikro kecil tengah")],
                        "minimum_should_match": 1,
                    }
                }
            ],
            # The long form found as a phrase ranks first.
            "should": [phrase_match("usaha mikro kecil tengah", PROXIMITY)],
        }
    }
    assert "fuzziness" not in json.dumps(body)


def test_vocabulary_body_asks_known_words_and_neighbours_in_one_request():
    body = build_vocabulary_body(["pertanain", "desa"], SCHEMA)
    assert body["size"] == 0
    known = body["aggs"]["known"]["filters"]["filters"]
    assert set(known) == {"w0", "w1"}
    should = known["w0"]["bool"]["should"]
    assert {"term": {"title_exact": "pertanain"}} in should
    assert {"term": {"title": "pertanain"}} in should  # its stem
    suggester = body["suggest"]["w0"]
    assert suggester["text"] == "pertanain"
    assert suggester["term"]["field"] == VOCABULARY_FIELD
    assert (suggester["term"]["max_edits"], suggester["term"]["prefix_length"]) == (2, 1)


def test_vocabulary_response_gives_known_words_and_neighbours():
    response = {
        "aggregations": {"known": {"buckets": {"w0": {"doc_count": 0}, "w1": {"doc_count": 7}}}},
        "suggest": {
            "w0": [{"text": "pertanain", "options": [{"text": "pertanian", "freq": 12}]}],
            "w1": [{"text": "desa", "options": []}],
        },
    }
    known, neighbours = parse_vocabulary_response(response, ["pertanain", "desa"])
    assert known == {"desa"}
    assert neighbours == {"pertanain": [("pertanian", 12)], "desa": []}


def test_each_facet_is_counted_under_the_other_facets_filters():
    query = SearchQuery(text="padi", filters={"year": ("2024",), "sector": ("A", "B")})
    body = build_search_body(query, SCHEMA)
    year_filter = {"terms": {"year": ["2024"]}}
    sector_filter = {"terms": {"sector": ["A", "B"]}}
    assert body["post_filter"] == {"bool": {"filter": [year_filter, sector_filter]}}
    aggs = body["aggs"]
    assert aggs["_filter_year"]["filter"] == {"bool": {"filter": [sector_filter]}}
    assert aggs["_filter_sector"]["filter"] == {"bool": {"filter": [year_filter]}}
    assert aggs["_filter_office"]["filter"] == {"bool": {"filter": [year_filter, sector_filter]}}
    assert aggs["_filter_year"]["aggs"]["year"]["terms"] == {
        "field": "year",
        "size": 1000,
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    }


def test_without_facets_filters_restrict_the_query_itself():
    query = SearchQuery(text="padi", filters={"office": ("3304",)}, with_facets=False)
    body = build_search_body(query, SCHEMA)
    assert "aggs" not in body and "post_filter" not in body
    assert body["query"]["bool"]["filter"] == [{"terms": {"office": ["3304"]}}]


def test_newest_sort_ignores_score():
    body = build_search_body(SearchQuery(text="padi", sort="newest"), SCHEMA)
    assert "_score" not in body["sort"]
    assert body["sort"][0] == {"decided_on": {"order": "desc"}}


def test_page_becomes_from_and_size():
    body = build_search_body(SearchQuery(page=3, page_size=25), SCHEMA)
    assert (body["from"], body["size"]) == (50, 25)


def _query_strings(value) -> list[str]:
    """Every text the body asks the engine to match (`query`/`value` strings)."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in ("query", "value") and isinstance(v, str)]
        return found + [s for v in value.values() for s in _query_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _query_strings(v)]
    return []


@pytest.mark.parametrize("text", ['"NEAR(* AND OR title:x \x00', "NEAR(* AND OR title:x \x00"])
def test_hostile_input_becomes_plain_terms(text):
    body = build_search_body(SearchQuery(text=text), SCHEMA)
    strings = _query_strings(body["query"])
    assert strings
    for string in strings:
        assert all(term.isalnum() for term in string.split())
        assert not set(string) & set('"()*:\x00')
    dumped = json.dumps(body)
    assert "query_string" not in dumped and "simple_query_string" not in dumped


def test_similar_body_likes_the_document_and_excludes_it():
    body = build_similar_body("41", "rekomstat-activities", 5, SCHEMA)
    (like,) = body["query"]["bool"]["must"]
    mlt = like["more_like_this"]
    assert mlt["like"] == [{"_index": "rekomstat-activities", "_id": "41"}]
    assert mlt["fields"] == ["title", "objective", "variables"]
    assert (mlt["min_term_freq"], mlt["max_query_terms"], mlt["include"]) == (1, 12, False)
    assert body["query"]["bool"]["must_not"] == [{"ids": {"values": ["41"]}}]
    assert body["size"] == 5


# -- parsing responses recorded from the real engines -------------------------
#
# `responses/<engine>/` holds what a real engine answered to the bodies built
# here, about the corpus of `responses/recordings.py` (recorded by
# `responses/record.py`); every test below runs on each recorded engine.


@pytest.fixture(params=RECORDED_ENGINES)
def engine(request) -> str:
    return request.param


def test_responses_are_recorded_from_both_engines():
    assert RECORDED_ENGINES == ["elasticsearch", "opensearch"]
    for engine in RECORDED_ENGINES:
        recording = json.loads((RESPONSES / engine / "recording.json").read_text())
        assert recording["engine"] == engine and recording["version"]["number"]


@pytest.mark.parametrize("name", RECORDINGS)
def test_recorded_requests_are_the_bodies_sent_today(engine, name):
    """Each response was recorded for exactly the body the backend builds now.

    A change to `build_search_body`/`build_similar_body` (or to the queries of
    `recordings.RECORDINGS`) fails here until the responses are recorded anew:

        DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python \\
            -m tests.search.responses.record --engine opensearch --url http://127.0.0.1:9201
        (and --engine elasticsearch --url http://127.0.0.1:9250)
    """
    assert recorded(engine, f"{name}.request") == request_body(name)


def test_recorded_corpus_is_the_corpus_indexed_today(engine):
    """The responses are about the documents `recordings.corpus()` indexes now
    (their analysed text included): a change to either needs a re-recording
    (see the test above)."""
    assert recorded(engine, "recording")["corpus_sha256"] == corpus_digest()


def test_parse_gives_total_ids_in_order_and_scores(engine):
    raw = recorded(engine, "search_pertanian_filtered")
    results = parse_search_response(raw, RECORDINGS["search_pertanian_filtered"], SCHEMA)
    assert results.total == 2
    assert [hit.id for hit in results.hits] == ["41", "7"]
    # BM25 scores come from the engine: as it sent them, best first.
    assert [hit.score for hit in results.hits] == [hit["_score"] for hit in raw["hits"]["hits"]]
    assert results.hits[0].score > results.hits[1].score > 0


def test_parse_marks_original_words_whose_stem_matched(engine):
    query = RECORDINGS["search_pertanian_filtered"]
    first, second = parse_search_response(
        recorded(engine, "search_pertanian_filtered"), query, SCHEMA
    ).hits
    assert first.highlight.title == "Survei <mark>Pertanian</mark> Terintegrasi"
    assert second.highlight.title == "Survei Ubinan Padi"
    assert "para <mark>petani</mark> di" in second.highlight.snippet


def test_parse_facets_counted_by_count_then_value(engine):
    query = RECORDINGS["search_pertanian_filtered"]
    assert query.filters == {"year": ("2024",), "sector": ("Pertanian",)}
    facets = parse_search_response(
        recorded(engine, "search_pertanian_filtered"), query, SCHEMA
    ).facets
    assert set(facets) == set(FACETS)
    assert facets["year"] == [FacetCount("2024", 2), FacetCount("2023", 1)]
    assert facets["sector"] == [
        FacetCount("Pertanian", 2),
        FacetCount("Ekonomi", 1),
        FacetCount("Kesehatan", 1),
    ]


def test_parse_without_scores_or_facets_escapes_original_text(engine):
    query = RECORDINGS["search_newest_no_facets"]
    assert (query.sort, query.with_facets, query.page_size) == ("newest", False, 2)
    results = parse_search_response(recorded(engine, "search_newest_no_facets"), query, SCHEMA)
    assert results.total == 23 and results.facets == {}
    assert [(hit.id, hit.score) for hit in results.hits] == [("88", None), ("86", None)]
    assert results.hits[0].highlight.title == (
        "Survei Kepuasan Pelayanan &lt;Publik&gt; &amp; Pengaduan"
    )
    assert results.hits[0].highlight.snippet == "Indeks kepuasan masyarakat"


def test_parse_similar_hits_are_not_marked(engine):
    hits = parse_similar_response(recorded(engine, "similar"), SCHEMA)
    assert [hit.id for hit in hits] == ["7", "19"]
    assert all("<mark>" not in hit.highlight.title + hit.highlight.snippet for hit in hits)


def test_parse_a_typo_match_marks_the_word_it_matched(engine):
    query = RECORDINGS["search_typo"]
    results = parse_search_response(recorded(engine, "search_typo"), query, SCHEMA)
    assert [hit.id for hit in results.hits] == ["88"]
    assert results.hits[0].highlight.title.startswith("Survei <mark>Kepuasan</mark> Pelayanan")
    assert results.hits[0].highlight.snippet == "Indeks <mark>kepuasan</mark> masyarakat"


def test_parse_a_phrase_finds_the_words_in_order_only(engine):
    phrase = parse_search_response(
        recorded(engine, "search_phrase"), RECORDINGS["search_phrase"], SCHEMA
    )
    assert sorted(hit.id for hit in phrase.hits) == ["12", "7"]
    reversed_ = parse_search_response(
        recorded(engine, "search_phrase_reversed"), RECORDINGS["search_phrase_reversed"], SCHEMA
    )
    assert (reversed_.total, reversed_.hits) == (0, [])


def test_parse_the_vocabulary_knows_words_and_finds_neighbours(engine):
    words = list(RECORDINGS["vocabulary"].words)
    known, neighbours = parse_vocabulary_response(recorded(engine, "vocabulary"), words)
    assert known == {"padi"}
    assert [word for word, _count in neighbours["pertanain"]] == ["pertanian"]
    assert [word for word, _count in neighbours["kepuasaan"]] == ["kepuasan"]
    assert all(count > 0 for options in neighbours.values() for _word, count in options)


# -- no server --------------------------------------------------------------


def test_unreachable_cluster_is_unhealthy_and_queries_are_unavailable():
    index = ElasticsearchIndex(url="http://127.0.0.1:9", timeout=0.5, max_retries=0, schema=SCHEMA)
    try:
        health = index.health()
        assert (health.ok, health.document_count) == (False, None)
        with pytest.raises(SearchUnavailable):
            index.query(SearchQuery(text="padi"))
    finally:
        index.close()


def test_constructing_the_backend_creates_no_client():
    index = ElasticsearchIndex(url="http://127.0.0.1:9", schema=SCHEMA)
    assert index._client is None
    assert index.alias == "rekomstat-activities"
