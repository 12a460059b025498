import pytest


@pytest.mark.usefixtures("seeded")
class TestLanguage:
    def test_indonesian_by_default_even_when_the_browser_asks_for_english(self, client):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        content = response.content.decode()
        assert '<html lang="id">' in content
        assert "Langsung ke konten utama" in content

    def test_the_switcher_gives_an_english_interface(self, client):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/standar-pelayanan/"})
        assert response.status_code == 302
        assert response["Location"] == "/standar-pelayanan/"
        content = client.get("/standar-pelayanan/").content.decode()
        assert '<html lang="en">' in content
        assert "Skip to main content" in content
        assert "Requirements" in content
        assert "30 working days" in content
        # Content written by editors stays as written.
        assert "Tidak dipungut biaya" in content

    def test_switching_back_to_indonesian(self, client):
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        client.post("/i18n/setlang/", {"language": "id", "next": "/"})
        assert "Langsung ke konten utama" in client.get("/").content.decode()
