import pytest
from django.core import mail
from django.test import override_settings

from fazhi.core.errors import ServiceError
from fazhi.core.models import AuditEvent, Notification
from fazhi.core.notifications import notification_mark_read, notify, send_email, unread_count


def test_a_notification_lands_in_the_inbox_unread(people):
    notify(recipient=people.zsthj_fz, title="请于3日内报送材料")
    assert unread_count(people.zsthj_fz) == 1
    assert unread_count(people.officer) == 0


def test_marking_read_touches_only_the_readers_own_messages(people):
    mine = notify(recipient=people.zsthj_fz, title="甲")
    theirs = notify(recipient=people.officer, title="乙")
    assert notification_mark_read(actor=people.zsthj_fz, notification_ids=[mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEvent.objects.filter(action="core.notification_read", actor=people.zsthj_fz).exists()


def test_mark_all_read_and_bad_ids(people):
    notify(recipient=people.zsthj_fz, title="甲")
    notify(recipient=people.zsthj_fz, title="乙")
    with pytest.raises(ServiceError):
        notification_mark_read(actor=people.zsthj_fz, notification_ids=["x"])
    assert notification_mark_read(actor=people.zsthj_fz) == 2
    assert unread_count(people.zsthj_fz) == 0


@override_settings(FAZHI_EMAIL_ENABLED=True)
def test_email_is_sent_after_commit_once(people, django_capture_on_commit_callbacks):
    people.zsthj_fz.email = "fz@example.gov.cn"
    people.zsthj_fz.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(recipient=people.zsthj_fz, title="期限提醒", body="还剩 1 个工作日", link="/deadlines/1/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[法治平台] 期限提醒" and "/deadlines/1/" in mail.outbox[0].body
    assert send_email(n.pk) is False  # already claimed: never twice
    assert Notification.objects.get(pk=n.pk).emailed_at is not None


def test_no_email_when_mail_is_not_configured(people, django_capture_on_commit_callbacks):
    people.zsthj_fz.email = "fz@example.gov.cn"
    people.zsthj_fz.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=people.zsthj_fz, title="期限提醒")
    assert mail.outbox == []
