from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("pengajuan/<int:pk>/surat/", views.letter, name="download"),
    path("verifikasi/", views.verification, name="verification"),
    path("verifikasi/<str:code>/", views.verify_letter, name="verify"),
]
