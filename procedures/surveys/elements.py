"""The nine elements (unsur) of the community satisfaction survey that
PermenPANRB 14/2017 prescribes, in its order, each with the question asked and
its four answers from 1 (worst) to 4 (best). The wording follows the
regulation's sample questionnaire, said of this service."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SCORES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Element:
    code: str  # u1..u9: the column of SurveyResponse and the form field
    label: str
    question: str
    answers: tuple[str, str, str, str]  # the labels of scores 1, 2, 3 and 4

    @property
    def choices(self) -> list[tuple[int, str]]:
        return [
            (score, f"{score} — {answer}")
            for score, answer in zip(SCORES, self.answers, strict=True)
        ]

    def answer_label(self, score: int) -> str:
        return self.answers[score - 1]


ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan "
            "dengan jenis pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "u2",
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element(
        "u3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element(
        "u4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        # The regulation's own scale for this element; this service is free of charge.
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element(
        "u5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "u6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Element(
        "u7",
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    Element(
        "u8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    Element(
        "u9",
        _("Sarana dan prasarana"),
        _(
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana pelayanan, "
            "termasuk layanan daring ini?"
        ),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)

ELEMENT_CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)
BY_CODE: dict[str, Element] = {element.code: element for element in ELEMENTS}
