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

        from .documents import CatalogDocumentSource
        from .models import SearchSynonym
        from .synonyms import dictionary_changed

        register_document_source(CatalogDocumentSource())
        # An edited search dictionary applies to the next query of every process.
        post_save.connect(dictionary_changed, sender=SearchSynonym, dispatch_uid="synonyms-saved")
        post_delete.connect(
            dictionary_changed, sender=SearchSynonym, dispatch_uid="synonyms-deleted"
        )
