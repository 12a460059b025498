"""Headless CMS: Wagtail API v2 at /api/v2/. The public JSON API at /api/v1/ is
the catalog's django-ninja API; the routers of higher apps join it here, so one
OpenAPI document describes them all."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from catalog.api import api
from procedures.performance.api import router as performance_router

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

api.add_router("", performance_router)
