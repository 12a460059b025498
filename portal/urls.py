from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalog.api import api as catalog_api

from .api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", catalog_api.urls),
    path("api/v2/", api_router.urls),
    path("katalog/", include("catalog.urls")),
    path("akun/", include("procedures.accounts.urls")),
    path("", include("procedures.organisations.urls")),
    path("", include("procedures.letters.urls")),
    path("", include("procedures.surveys.urls")),
    path("", include("procedures.complaints.urls")),
    path("kinerja/", include("procedures.performance.urls")),
    path("pengajuan/", include("procedures.applications.urls")),
    path("pemeriksaan/", include("procedures.examination.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
