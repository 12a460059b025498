from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.national, name="national"),
    path("unduh.csv", views.csv_download, name="csv"),
    path("<str:office_code>/", views.office_page, name="office"),
]
