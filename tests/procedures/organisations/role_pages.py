"""Shared by the two admins' role tests (which log in with pytest-django's
`admin_client`, a superuser): the role names, and a page read as HTML."""

from bs4 import BeautifulSoup

LABELS = {"Pemeriksa", "Penandatangan", "Walidata", "Admin kantor"}


def page(admin_client, url) -> BeautifulSoup:
    response = admin_client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")
