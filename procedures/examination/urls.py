from django.urls import path

from . import views

app_name = "examination"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("luring/", views.register_offline, name="offline"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ambil/", views.take, name="take"),
    path("<int:pk>/alihkan/", views.assign, name="assign"),
    path("<int:pk>/catatan/", views.notes, name="notes"),
    path("<int:pk>/catatan/<int:note_pk>/tinjau/", views.resolve_note, name="resolve_note"),
    path("<int:pk>/konsultasi/", views.consult, name="consult"),
    path("<int:pk>/konsultasi/<int:consultation_pk>/", views.answer, name="answer"),
    path("<int:pk>/usulan/", views.propose, name="propose"),
    path("<int:pk>/tanda-tangan/", views.sign, name="sign"),
    path("<int:pk>/kembalikan/", views.return_to_examiner, name="return"),
    path("<int:pk>/tanda-terima/", views.receipt, name="receipt"),
    path("<int:pk>/konfirmasi-instansi/", views.confirm_agency, name="confirm_agency"),
    path("<int:pk>/walidata/", views.walidata_confirm, name="walidata_confirm"),
    path("<int:pk>/walidata/kembalikan/", views.walidata_return, name="walidata_return"),
]
