"""The user model (e-mail is the login), allauth's adapter and sign-up form."""
