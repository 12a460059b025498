"""The slow rows of `bench/search.py`: Wagtail's database search backend and
the plain ORM `icontains` filter, each with its facet counts, on the first
queries of the mix (`--wagtail-queries`, `--orm-queries`)."""

FACET_NAMES = ("year", "office", "agency", "method", "frequency", "sector")


def systems(args, mix, wagtail) -> list:
    """Wagtail's database backend and the ORM, on the first queries of the mix."""
    from django.db.models import Count

    from catalog.filters import ActivityFilterSet
    from catalog.models import ActivityRecord

    field_of = {"office": "office_code"}

    def filtered(filters, skip=None):
        queryset = ActivityRecord.objects.all()
        for name, values in filters.items():
            if name != skip:
                queryset = queryset.filter(**{f"{field_of.get(name, name)}__in": values})
        return queryset

    def wagtail_db(text, filters):
        results = wagtail.search(text, filtered(filters))
        page = list(results[:20])
        total = results.count()
        facets = {
            name: wagtail.search(text, filtered(filters, skip=name)).facet(field_of.get(name, name))
            for name in FACET_NAMES
            if name != "agency"  # Wagtail can only facet on FilterFields; agency is not one
        }
        return page, total, facets

    def orm(text, filters):
        def matching(skip=None):
            data = {"q": text, **{k: list(v) for k, v in filters.items() if k != skip}}
            return ActivityFilterSet(data=data, queryset=ActivityRecord.objects.all()).qs

        page = list(matching()[:20])
        total = matching().count()
        facets = {
            name: list(
                matching(skip=name)
                .order_by()
                .values(field_of.get(name, name))
                .annotate(n=Count("pk"))
            )
            for name in FACET_NAMES
        }
        return page, total, facets

    systems = []
    if args.wagtail_queries:
        queries = mix[: args.wagtail_queries]
        systems.append(
            (
                f"wagtail-db: Wagtail database backend (with facets; {len(queries)} queries)",
                wagtail_db,
                queries,
            )
        )
    orm_queries = mix if args.orm_queries is None else mix[: args.orm_queries]
    if orm_queries:
        label = "" if orm_queries is mix else f"; {len(orm_queries)} queries"
        systems.append((f"orm: ORM icontains (with facets{label})", orm, orm_queries))
    return systems
