"""The applicant's pages: a logged-in applicant and how their pages are read."""

import pytest
from django.urls import reverse


@pytest.fixture
def as_applicant(client, applicant):
    client.force_login(applicant)
    return client


def block_url(application, key):
    return reverse("applications:edit_block", args=[application.pk, key])
