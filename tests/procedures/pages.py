"""Reading the procedure's pages in tests: the page as HTML, a node's words,
and a client logged in as someone (or no one)."""

from bs4 import BeautifulSoup
from django.test import Client


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def client_for(user) -> Client:
    """A client logged in as `user`; anonymous for None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
