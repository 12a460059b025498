from django.middleware.locale import LocaleMiddleware


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the visitor chose another language with the switcher.

    Many officers' browsers announce English; the service's language is Indonesian,
    so the Accept-Language header is ignored and only the language cookie counts."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
