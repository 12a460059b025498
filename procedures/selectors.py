from .models import Office


def office_directory() -> dict[str, str]:
    """{code: name} of every BPS office (the catalog's office directory)."""
    return dict(Office.objects.values_list("code", "name"))
