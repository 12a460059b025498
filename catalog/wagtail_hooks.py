"""The search dictionary in the CMS, under Snippets: editors add acronyms and
synonyms; the next search uses them (no rebuild)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Sinonim pencarian")
    list_display = ["__str__", "note", "updated_at"]


register_snippet(SearchSynonymViewSet)
