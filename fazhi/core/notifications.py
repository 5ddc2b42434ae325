"""The in-app inbox, and email when configured. Email goes out after commit, through the job queue."""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import audit
from .choices import NotificationLevel
from .errors import ServiceError
from .models import Notification, User


def notify(*, recipient: User, title: str, body: str = "", link: str = "",
           level: str = NotificationLevel.INFO) -> Notification:
    """Put a message in ``recipient``'s inbox; called by other services inside their transaction."""
    notification = Notification.objects.create(recipient=recipient, title=title[:200], body=body,
                                               link=link, level=level)
    if settings.FAZHI_EMAIL_ENABLED and recipient.email:
        transaction.on_commit(lambda: _enqueue_email(notification.pk))
    return notification


def _enqueue_email(notification_id: int) -> None:
    from django_q.tasks import async_task

    async_task("fazhi.core.notifications.send_email", notification_id)


def send_email(notification_id: int) -> bool:
    """Job: send one notification by email, once (claimed with a compare-and-swap update)."""
    from django.core.mail import send_mail

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.email:
        return False
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{notification.link}"
    send_mail(f"[法治平台] {notification.title}", body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    return True


@transaction.atomic
def notification_mark_read(*, actor: User, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        if not all(isinstance(i, int) for i in notification_ids):
            raise ServiceError(field_errors={"ids": ["通知编号必须是整数。"]})
        qs = qs.filter(pk__in=notification_ids)
    ids = list(qs.values_list("pk", flat=True))
    count = Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
    if count:
        audit.record(actor=actor, action="core.notification_read", obj=actor, after={"ids": ids})
    return count


# Every page's badge asks this: one fixed statement on the (recipient, read_at) index, without building and
# compiling an ORM count for it each time (which cost more than the query).
_UNREAD_SQL = "SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"


def unread_count(user: User) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_SQL.format(table=connection.ops.quote_name(Notification._meta.db_table)), [user.pk])
        return cursor.fetchone()[0]
