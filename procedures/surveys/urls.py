from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("survei/<str:token>/", views.answer, name="answer"),
    path("survei/<str:token>/terima-kasih/", views.thanks, name="thanks"),
    path("pemeriksaan/survei/", views.report, name="report"),
    path("pemeriksaan/<int:pk>/survei/", views.paper_entry, name="paper"),
]
