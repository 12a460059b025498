from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("pengaduan/lacak/", views.track, name="track"),
    path("pemeriksaan/pengaduan/", views.office_list, name="office_list"),
    path("pemeriksaan/pengaduan/<str:key>/", views.office_detail, name="detail"),
    path("pemeriksaan/pengaduan/<str:key>/tugaskan/", views.assign, name="assign"),
    path("pemeriksaan/pengaduan/<str:key>/jawab/", views.answer, name="answer"),
    path("pemeriksaan/pengaduan/<str:key>/tutup/", views.close, name="close"),
]
