"""allauth's account views at Indonesian addresses (DESIGN.md promises
/akun/daftar/ and /akun/masuk/). Same names as allauth's own URLconf, so
allauth's redirects and templates find them."""

from allauth.account import views
from django.urls import path, re_path

urlpatterns = [
    path("masuk/", views.login, name="account_login"),
    path("keluar/", views.logout, name="account_logout"),
    path("nonaktif/", views.account_inactive, name="account_inactive"),
    path("daftar/", views.signup, name="account_signup"),
    path("autentikasi-ulang/", views.reauthenticate, name="account_reauthenticate"),
    path("email/", views.email, name="account_email"),
    path(
        "konfirmasi-email/",
        views.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(
        r"^konfirmasi-email/(?P<key>[-:\w]+)/$", views.confirm_email, name="account_confirm_email"
    ),
    path("kata-sandi/ubah/", views.password_change, name="account_change_password"),
    path("kata-sandi/atur/", views.password_set, name="account_set_password"),
    path("kata-sandi/reset/", views.password_reset, name="account_reset_password"),
    path(
        "kata-sandi/reset/terkirim/",
        views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^kata-sandi/reset/kunci/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "kata-sandi/reset/selesai/",
        views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
]
