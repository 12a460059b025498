"""Real REST calls against a running node: python3 smoke.py [http://127.0.0.1:9250].

Standard library only. Prints one line per feature and exits non-zero on the
first failure. The index names are prefixed `smoke-` and removed at the end.
"""

import json
import sys
import urllib.error
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:9250").rstrip("/")


def call(method, path, body=None, ndjson=False):
    data = None
    headers = {}
    if body is not None:
        if ndjson:
            data = ("\n".join(json.dumps(line) for line in body) + "\n").encode()
            headers["Content-Type"] = "application/x-ndjson"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


def check(name, condition, detail):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        sys.exit(1)


MAPPING = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "analyzer": {
                "pre_stemmed": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
            },
            "normalizer": {"folded": {"type": "custom", "filter": ["lowercase"]}},
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "title": {"type": "text", "analyzer": "whitespace"},
            "body": {"type": "text", "analyzer": "pre_stemmed"},
            "agency": {"type": "keyword"},
            "agency_folded": {"type": "keyword", "normalizer": "folded"},
            "year": {"type": "keyword"},
        },
    },
}

DOCS = [
    ("1", "survei sosial ekonomi", "Survei SOSIAL ekonomi nasional rumah tangga", "BPS Jawa", "2024"),
    ("2", "sensus tani", "sensus tani usaha pertanian rumah tangga", "BPS Bali", "2023"),
    ("3", "survei angkatan kerja", "survei angkatan kerja nasional rumah tangga", "BPS Jawa", "2024"),
    ("4", "statistik harga", "statistik harga produsen grosir", "BPS Papua", "2022"),
]


def main():
    status, info = call("GET", "/")
    check("GET / answers the version", status == 200 and info["version"]["number"], info)
    version = info["version"]["number"]

    for name in ("smoke-a", "smoke-b"):
        call("DELETE", f"/{name}")

    status, body = call("POST", "/_analyze", {"analyzer": "whitespace", "text": "Rumah-Tangga  tani"})
    tokens = [t["token"] for t in body["tokens"]] if status == 200 else body
    check("_analyze whitespace analyzer", tokens == ["Rumah-Tangga", "tani"], tokens)
    status, body = call(
        "POST", "/_analyze", {"tokenizer": "whitespace", "filter": ["lowercase"], "text": "Rumah-Tangga TANI"}
    )
    tokens = [t["token"] for t in body["tokens"]] if status == 200 else body
    check("_analyze whitespace tokenizer + lowercase filter", tokens == ["rumah-tangga", "tani"], tokens)

    status, body = call("PUT", "/smoke-a", MAPPING)
    check("create index with custom analyzer and normalizer", status == 200, body)

    lines = []
    for doc_id, title, text, agency, year in DOCS:
        lines.append({"index": {"_index": "smoke-a", "_id": doc_id}})
        lines.append({"title": title, "body": text, "agency": agency, "agency_folded": agency, "year": year})
    status, body = call("POST", "/_bulk?refresh=true", lines, ndjson=True)
    check("_bulk index 4 documents", status == 200 and body["errors"] is False and len(body["items"]) == 4, body)

    status, body = call("POST", "/smoke-a/_search", {"query": {"match": {"body": "sosial"}}})
    check("match on the custom analyzer (lowercased)", status == 200 and body["hits"]["total"]["value"] == 1, body)

    status, body = call("POST", "/smoke-a/_search", {"query": {"term": {"agency_folded": "bps jawa"}}, "size": 0})
    check("lowercase normalizer on keyword", status == 200 and body["hits"]["total"]["value"] == 2, body)

    search = {
        "size": 0,
        "query": {"match": {"body": "rumah tangga"}},
        "aggs": {
            "agency": {"terms": {"field": "agency", "size": 10}},
            "year_without_agency": {
                "filter": {"term": {"agency": "BPS Jawa"}},
                "aggs": {"year": {"terms": {"field": "year"}}},
            },
        },
    }
    status, body = call("POST", "/smoke-a/_search", search)
    buckets = {b["key"]: b["doc_count"] for b in body["aggregations"]["agency"]["buckets"]} if status == 200 else body
    check("_search with terms aggregations", buckets == {"BPS Jawa": 2, "BPS Bali": 1}, buckets)

    status, body = call("PUT", "/smoke-b", MAPPING)
    check("create second index", status == 200, body)
    status, body = call("POST", "/_aliases", {"actions": [{"add": {"index": "smoke-a", "alias": "smoke"}}]})
    check("_aliases add", status == 200, body)
    status, body = call(
        "POST",
        "/_aliases",
        {"actions": [{"remove": {"index": "smoke-a", "alias": "smoke"}}, {"add": {"index": "smoke-b", "alias": "smoke"}}]},
    )
    status, aliases = call("GET", "/_alias/smoke")
    check("_aliases atomic swap", status == 200 and list(aliases) == ["smoke-b"], aliases)

    status, body = call("POST", "/smoke-a/_mget", {"ids": ["1", "4", "404"]})
    found = [d["found"] for d in body["docs"]] if status == 200 else body
    check("_mget", found == [True, True, False], found)

    mlt = {
        "query": {
            "more_like_this": {
                "fields": ["body"],
                "like": [{"_index": "smoke-a", "_id": "1"}],
                "min_term_freq": 1,
                "min_doc_freq": 1,
            }
        }
    }
    status, body = call("POST", "/smoke-a/_search", mlt)
    ids = [h["_id"] for h in body["hits"]["hits"]] if status == 200 else body
    check("more_like_this", status == 200 and ids and "1" not in ids and ids[0] == "3", ids)

    status, body = call("POST", "/smoke-a/_refresh")
    check("_refresh", status == 200, body)
    status, body = call("DELETE", "/smoke-a/_doc/4?refresh=true")
    check("delete one document", status == 200 and body["result"] == "deleted", body)

    status, body = call("POST", "/smoke-a/_delete_by_query?refresh=true", {"query": {"term": {"year": "2023"}}})
    if status == 200:
        check("_delete_by_query", body["deleted"] == 1, body)
    else:
        # The reindex module (which holds it) is not on Maven Central.
        print(f"n/a  _delete_by_query: {status} (reindex module not served by Maven Central)")

    status, body = call("GET", "/_cluster/health?wait_for_status=yellow&timeout=10s")
    check("_cluster/health", status == 200 and body["status"] in ("green", "yellow"), body)

    for name in ("smoke-a", "smoke-b"):
        call("DELETE", f"/{name}")
    print(f"all checks passed on elasticsearch {version}")


if __name__ == "__main__":
    main()
