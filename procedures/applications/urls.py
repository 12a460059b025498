from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.my_applications, name="my_applications"),
    path("baru/", views.new_application, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/formulir/<slug:block>/", views.edit_block, name="edit_block"),
    path("<int:pk>/lampiran/", views.attachments, name="attachments"),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/hapus/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/unduh/",
        views.download_attachment,
        name="download_attachment",
    ),
    path(
        "<int:pk>/catatan/<int:note_pk>/jawab/",
        views.reply_note,
        name="reply_note",
    ),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/batalkan/", views.withdraw, name="withdraw"),
]
