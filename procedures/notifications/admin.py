from django.contrib import admin

from procedures.readonly_admin import ReadOnlyAdmin

from . import delivery
from .models import Notification, NotificationState


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Every e-mail with its state: failed sends are visible here and can be retried."""

    list_display = ["created_at", "kind", "subject", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "kind"]
    search_fields = ["subject", "recipients"]
    readonly_fields = [
        "kind",
        "application",
        "recipients",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "created_at",
        "sent_at",
        "body_text",
    ]
    fields = readonly_fields
    actions = ["send_now"]

    @admin.action(description="Kirim ulang sekarang")
    def send_now(self, request, queryset):
        # Claimed like every other sender: a message being sent, already sent or
        # permanently failed is skipped, never sent twice.
        selected = list(queryset.values_list("pk", flat=True))
        results = delivery.send_now(selected)
        sent = sum(1 for n in results if n.state == NotificationState.SENT)
        message = f"{sent} dari {len(selected)} e-mail terkirim."
        if len(results) < len(selected):
            message += (
                f" {len(selected) - len(results)} dilewati: sudah terkirim, gagal permanen,"
                " atau sedang dikirim proses lain."
            )
        self.message_user(request, message)
