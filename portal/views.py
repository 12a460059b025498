from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from procedures.throttling import client_ip

from . import services


def serve_complaint_page(page, request):
    """GET shows the form; a valid POST stores the complaint and shows the ticket."""
    status = 200
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if form.is_valid():
            try:
                submission = services.record_complaint(
                    page=page, data=form.cleaned_data, client_key=client_ip(request)
                )
            except services.ComplaintRateLimited:
                status = 429
                form.add_error(
                    None,
                    _(
                        "Terlalu banyak pengaduan dari alamat Anda dalam satu jam. "
                        "Silakan coba lagi nanti atau kirim e-mail ke %(email)s."
                    )
                    % {"email": page.office.email},
                )
            else:
                return page.render_landing_page(request, submission)
        else:
            status = 400
    else:
        form = page.get_form(page=page, user=request.user)
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)
