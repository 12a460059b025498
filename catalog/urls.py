from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("unduh.csv", views.export, {"file_format": "csv"}, name="export_csv"),
    path("unduh.json", views.export, {"file_format": "json"}, name="export_json"),
]
