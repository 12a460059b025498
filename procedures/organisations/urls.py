"""The agency pages: the applicant's side under /pengajuan/instansi/, the
office's side under /pemeriksaan/instansi/."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("pengajuan/instansi/", views.choose_agency, name="agency"),
    path(
        "pengajuan/instansi/permintaan/<int:request_pk>/",
        views.decide_membership,
        name="decide_membership",
    ),
    path(
        "pengajuan/instansi/<int:agency_pk>/anggota/<int:user_pk>/keluarkan/",
        views.remove_member,
        name="remove_member",
    ),
    path("pemeriksaan/instansi/", views.agency_members, name="office_members"),
]
