from django.apps import AppConfig

from search.sources import register_document_source


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Katalog kegiatan statistik"

    def ready(self):
        # The catalog registers its records with the search engine layer, so
        # `search` (outbox, search_index, backends) never imports the catalog.
        # Imported here, not above: the document source reads the models.
        from .documents import CatalogDocumentSource

        register_document_source(CatalogDocumentSource())
