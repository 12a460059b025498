"""The applicant's pages: a logged-in applicant and how their pages are read."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse


@pytest.fixture
def as_applicant(client, applicant):
    client.force_login(applicant)
    return client


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def block_url(application, key):
    return reverse("applications:edit_block", args=[application.pk, key])
