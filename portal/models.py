"""Wagtail pages of the public site: home, the service standard, the complaint form."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from procedures.organisations.models import MAX_SERVICE_WORKING_DAYS

from . import api_serializers
from .blocks import ProcedureStepBlock, ServiceChannel, ServiceChannelBlock, TextItemBlock
from .forms import HONEYPOT_FIELD, ComplaintFormBuilder
from .links import validate_link_target
from .services import complainant_email, record_complaint
from .views import serve_complaint_page


class HomePage(Page):
    intro = RichTextField(_("pengantar"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.ServiceStandardPage", "portal.ComplaintFormPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("beranda")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["service_standards"] = ServiceStandardPage.objects.child_of(self).live()
        context["complaint_pages"] = ComplaintFormPage.objects.child_of(self).live()
        return context


DEFAULT_SERVICE_LINK_LABEL = "Ajukan rekomendasi"
# Where an applicant starts on this site: their applications, with "Buat pengajuan
# baru" (the create view itself only takes a POST). Anonymous visitors log in first
# and come back here.
APPLICATION_START_URL_NAME = "applications:my_applications"


class ServiceStandardPage(Page):
    """One office's published service standard (standar pelayanan), section by section."""

    office = models.ForeignKey(
        "organisations.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+"
    )
    service_name = models.CharField(_("nama layanan"), max_length=200)
    service_unit = models.CharField(
        _("unit pelayanan"),
        max_length=200,
        help_text=_("mis. Pelayanan Statistik Terpadu BPS Kabupaten Banjarnegara"),
    )
    organization_path = models.CharField(
        _("jalur organisasi"),
        max_length=400,
        blank=True,
        help_text=_("Unit-unit di atas unit pelayanan, dipisahkan garis miring."),
    )
    sk_number = models.CharField(_("nomor SK"), max_length=200, blank=True)
    requirements = StreamField(
        [("requirement", TextItemBlock(label=_("Persyaratan")))], verbose_name=_("persyaratan")
    )
    service_channels = StreamField(
        [("channel", ServiceChannelBlock())], verbose_name=_("media layanan"), blank=True
    )
    procedure_steps = StreamField(
        [("step", ProcedureStepBlock())], verbose_name=_("sistem, mekanisme dan prosedur")
    )
    # The office's own online path on this site, shown beside the seed's "Layanan
    # Online" channel; the seed's text itself is left as the office published it.
    show_service_link = models.BooleanField(
        _("tampilkan tautan pengajuan di situs ini"),
        default=True,
        help_text=_('Tombol di samping "Layanan Online" yang membawa pemohon ke pengajuan.'),
    )
    service_link_label = models.CharField(
        _("teks tautan pengajuan"),
        max_length=80,
        default=DEFAULT_SERVICE_LINK_LABEL,
        help_text=_(
            'Sebutkan apa yang terjadi bila diklik, mis. "Ajukan rekomendasi" '
            '(bukan "klik di sini").'
        ),
    )
    service_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("halaman tujuan tautan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Halaman di situs ini; atau isi alamat tujuan di bawah, bukan keduanya."),
    )
    service_link_url = models.CharField(
        _("alamat tujuan tautan"),
        max_length=500,
        blank=True,
        validators=[validate_link_target],
        help_text=_(
            "Alamat lengkap (https://…) atau jalur di situs ini (/…). Kosongkan halaman dan "
            "alamat untuk halaman pengajuan situs ini (/pengajuan/)."
        ),
    )
    working_days = models.PositiveSmallIntegerField(_("waktu penyelesaian (hari kerja)"))
    completion_time_explanation = models.TextField(_("penjelasan waktu penyelesaian"), blank=True)
    fee_amount = models.PositiveIntegerField(_("biaya (rupiah)"), default=0)
    fee_description = models.CharField(_("keterangan biaya/tarif"), max_length=300)
    products = StreamField(
        [("product", TextItemBlock(label=_("Produk")))], verbose_name=_("produk pelayanan")
    )
    complaint_letter = models.CharField(
        _("pengaduan melalui e-mail/surat"), max_length=300, blank=True
    )
    complaint_direct = models.CharField(_("pengaduan langsung"), max_length=300, blank=True)
    complaint_website = models.URLField(_("situs web pengaduan"), blank=True)
    complaint_email = models.EmailField(_("e-mail pengaduan"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("service_name"),
        index.SearchField("requirements"),
        index.SearchField("procedure_steps"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("service_name"),
                FieldPanel("office"),
                FieldPanel("service_unit"),
                FieldPanel("organization_path"),
                FieldPanel("sk_number"),
            ],
            heading=_("Identitas layanan"),
        ),
        FieldPanel("requirements"),
        FieldPanel("service_channels"),
        MultiFieldPanel(
            [
                FieldPanel("show_service_link"),
                FieldPanel("service_link_label"),
                FieldPanel("service_link_page"),
                FieldPanel("service_link_url"),
            ],
            heading=_("Tautan pengajuan di situs ini"),
        ),
        FieldPanel("procedure_steps"),
        MultiFieldPanel(
            [FieldPanel("working_days"), FieldPanel("completion_time_explanation")],
            heading=_("Waktu penyelesaian"),
        ),
        MultiFieldPanel(
            [FieldPanel("fee_amount"), FieldPanel("fee_description")], heading=_("Biaya / tarif")
        ),
        FieldPanel("products"),
        MultiFieldPanel(
            [
                FieldPanel("complaint_letter"),
                FieldPanel("complaint_direct"),
                FieldPanel("complaint_website"),
                FieldPanel("complaint_email"),
            ],
            heading=_("Pengaduan layanan"),
        ),
    ]

    api_fields = [
        APIField("service_name"),
        APIField("office", serializer=api_serializers.OfficeField()),
        APIField("service_unit"),
        APIField("organization_path"),
        APIField("sk_number"),
        APIField("requirements", serializer=api_serializers.TextItemsField()),
        APIField("service_channels", serializer=api_serializers.ServiceChannelsField()),
        APIField("procedure_steps", serializer=api_serializers.ProcedureStepsField()),
        APIField("working_days"),
        APIField("completion_time_explanation"),
        APIField("fee", serializer=api_serializers.FeeField(source="*")),
        APIField("products", serializer=api_serializers.TextItemsField()),
        APIField(
            "complaint_channels", serializer=api_serializers.ComplaintChannelsField(source="*")
        ),
        APIField("service_link", serializer=api_serializers.ServiceLinkField(source="*")),
    ]

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")

    @property
    def is_free(self) -> bool:
        return self.fee_amount == 0

    def service_link_target(self, request=None) -> str:
        """The chosen page while it is live, else the typed address, else this
        site's application start."""
        if self.service_link_page_id:
            target = Page.objects.live().filter(pk=self.service_link_page_id).first()
            url = target and target.get_url(request)
            if url:
                return url
        return self.service_link_url or reverse(APPLICATION_START_URL_NAME)

    def service_link(self, request=None) -> dict | None:
        """Label and address of the link to this site's online path; None when hidden."""
        if not self.show_service_link:
            return None
        return {"label": self.service_link_label, "url": self.service_link_target(request)}

    def service_link_channel(self) -> int | None:
        """Position of the first "Layanan Online" channel, where the link is shown."""
        for position, channel in enumerate(self.service_channels):
            if channel.value["kind"] == ServiceChannel.ONLINE:
                return position
        return None

    def clean(self):
        super().clean()
        # Publishing sets the office's service clock to this value (portal.signals).
        if self.working_days is not None and not (
            1 <= self.working_days <= MAX_SERVICE_WORKING_DAYS
        ):
            raise ValidationError(
                {
                    "working_days": _(
                        "Waktu penyelesaian diisi 1 sampai %(max)s hari kerja; nilai ini menjadi "
                        "batas waktu setiap pengajuan baru di kantor ini."
                    )
                    % {"max": MAX_SERVICE_WORKING_DAYS}
                }
            )
        if self.service_link_page_id and self.service_link_url:
            raise ValidationError(
                {
                    "service_link_url": _(
                        "Pilih salah satu tujuan tautan: halaman tujuan atau alamat tujuan, "
                        "bukan keduanya. Kosongkan salah satunya."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["complaint_page"] = (
            ComplaintFormPage.objects.live().filter(office=self.office).first()
        )
        context["service_link"] = self.service_link(request)
        context["service_link_channel"] = self.service_link_channel()
        return context


class ComplaintFormField(AbstractFormField):
    page = ParentalKey("ComplaintFormPage", on_delete=models.CASCADE, related_name="form_fields")


class ComplaintSubmission(AbstractFormSubmission):
    """A stored complaint; the ticket number is what the person quotes later."""

    # NULL only inside the transaction that creates the row: the number embeds its id.
    ticket_number = models.CharField(  # noqa: DJ001
        _("nomor tiket"), max_length=40, unique=True, null=True
    )

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def get_data(self):
        """The row of the editors' listing and exports, with the ticket number."""
        return {**super().get_data(), "ticket_number": self.ticket_number}


class ComplaintFormPage(AbstractEmailForm):
    """'Pengaduan Layanan': editors choose the fields; every submission is stored,
    gets a ticket number and is e-mailed to the office."""

    office = models.ForeignKey(
        "organisations.Office", verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("pengantar"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        _("teks terima kasih"), blank=True, features=["bold", "italic", "link"]
    )

    form_builder = ComplaintFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("office"),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Kolom formulir")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail ke kantor"),
        ),
    ]
    api_fields = [APIField("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("formulir pengaduan")

    def get_submission_class(self):
        return ComplaintSubmission

    def get_data_fields(self):
        """The columns of the editors' listing and exports: the ticket number first,
        the time received (WIB), then the fields the editors chose."""
        chosen = [field for field in super().get_data_fields() if field[0] != "submit_time"]
        return [
            ("ticket_number", _("Nomor tiket")),
            ("submit_time", _("Waktu diterima (WIB)")),
            *chosen,
        ]

    def get_submissions_list_view_class(self):
        # Wagtail's admin views need the models loaded: imported when served, as
        # Wagtail itself does for its default view.
        from .submissions import ComplaintSubmissionsListView

        return ComplaintSubmissionsListView

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        """The thank-you page, saying where the acknowledgement went (if anywhere)."""
        response = super().render_landing_page(request, form_submission, *args, **kwargs)
        if form_submission is not None:
            response.context_data["acknowledged_to"] = complainant_email(
                self.get_form_fields(), form_submission.form_data
            )
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_field"] = HONEYPOT_FIELD
        return context

    def serve(self, request, *args, **kwargs):
        return serve_complaint_page(self, request)

    def process_form_submission(self, form):
        return record_complaint(page=self, data=form.cleaned_data)
