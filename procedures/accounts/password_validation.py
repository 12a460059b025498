"""Django's password rules, worded as the site words them.

Django's Indonesian catalog says "Sandi anda ..." in the rules shown under every
new-password field, while allauth's labels and Django's own error messages say
"Kata sandi". The rules stay Django's; only the help text is the project's own,
so sign-up, password change and reset all read "Kata sandi Anda"."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self) -> str:
        return _("Kata sandi Anda tidak boleh terlalu mirip dengan data pribadi Anda.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_help_text(self) -> str:
        return ngettext(
            "Kata sandi Anda harus memuat setidaknya %(min_length)d karakter.",
            "Kata sandi Anda harus memuat setidaknya %(min_length)d karakter.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("Kata sandi Anda tidak boleh kata sandi yang umum dipakai.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("Kata sandi Anda tidak boleh hanya berisi angka.")
