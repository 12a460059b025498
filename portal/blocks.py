"""StreamField blocks of the service-standard page: each seed section stays structured."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class OutcomeBranch(TextChoices):
    PERLU_DIPERBAIKI = "perlu_diperbaiki", _("Perlu diperbaiki")
    TIDAK_LAYAK = "tidak_layak", _("Tidak layak")
    LAYAK = "layak", _("Layak")


class OutcomeValue(blocks.StructValue):
    def outcome_label(self) -> str:
        return str(OutcomeBranch(self["outcome"]).label)


class OutcomeBlock(blocks.StructBlock):
    """One branch of a procedure step, e.g. what happens when a design is 'layak'."""

    outcome = blocks.ChoiceBlock(choices=OutcomeBranch.choices, label=_("Hasil"))
    text = blocks.TextBlock(label=_("Uraian"))

    class Meta:
        icon = "arrow-right"
        label = _("Cabang hasil")
        value_class = OutcomeValue


class ProcedureStepBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Langkah"))
    outcomes = blocks.ListBlock(OutcomeBlock(), label=_("Cabang hasil (opsional)"), min_num=0)

    class Meta:
        icon = "list-ol"
        label = _("Langkah prosedur")


class ServiceChannel(TextChoices):
    OFFLINE = "offline", _("Layanan Offline")
    ONLINE = "online", _("Layanan Online")


class ServiceChannelValue(blocks.StructValue):
    def kind_label(self) -> str:
        return str(ServiceChannel(self["kind"]).label)


class ServiceChannelBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=ServiceChannel.choices, label=_("Jenis media"))
    description = blocks.TextBlock(label=_("Uraian"))
    url = blocks.URLBlock(label=_("Alamat aplikasi"), required=False)

    class Meta:
        icon = "site"
        label = _("Media layanan")
        value_class = ServiceChannelValue


class TextItemBlock(blocks.TextBlock):
    class Meta:
        icon = "doc-full"
