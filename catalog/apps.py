from django.apps import AppConfig

from search.sources import register_document_source


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Katalog kegiatan statistik"

    def ready(self):
        # The catalog registers its records with the search engine layer, so
        # `search` (outbox, search_index, backends) never imports the catalog.
        # Imported here, not above: the document source reads the models.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from procedures.organisations.models import Office
        from search.signals import index_changed

        from .documents import CatalogDocumentSource
        from .models import SearchSynonym
        from .page_cache import catalog_changed
        from .synonyms import dictionary_changed

        register_document_source(CatalogDocumentSource())
        # An edited search dictionary applies to the next query of every process.
        post_save.connect(dictionary_changed, sender=SearchSynonym, dispatch_uid="synonyms-saved")
        post_delete.connect(
            dictionary_changed, sender=SearchSynonym, dispatch_uid="synonyms-deleted"
        )
        # What a cached catalog page or API answer shows (catalog.page_cache):
        # results and facets (the index, the dictionary), office names in the
        # facets, and the CMS pages in the site's menu. Publications renew it
        # themselves (catalog.publishing).
        index_changed.connect(catalog_changed, dispatch_uid="pages-index")
        for model, uid in ((SearchSynonym, "synonyms"), (Office, "offices")):
            post_save.connect(catalog_changed, sender=model, dispatch_uid=f"pages-{uid}-saved")
            post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"pages-{uid}-gone")
        page_published.connect(catalog_changed, dispatch_uid="pages-menu-published")
        page_unpublished.connect(catalog_changed, dispatch_uid="pages-menu-unpublished")
        post_page_move.connect(catalog_changed, dispatch_uid="pages-menu-moved")
        post_delete.connect(catalog_changed, sender=Page, dispatch_uid="pages-menu-deleted")
