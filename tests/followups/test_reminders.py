"""The morning reminder mails."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from delegates.models import Person
from meetings.models import Delegate, FollowUp, ReminderLog, ReminderPreference, Trip
from tests.factories import make_trip

from .conftest import days


def run(day=None):
    args = ["send_reminders", "--base-url", "https://portal.example"]
    if day:
        args += ["--date", day.isoformat()]
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_owner_gets_overdue_and_soon_due_follow_ups(
    editor, editor_person, my_follow_up, overdue_follow_up, open_trip
):
    editor_person.email = "li@customs.example"
    editor_person.save()
    FollowUp.objects.create(
        trip=open_trip, description="下個月的事", owner_person=editor_person, due_date=days(30)
    )
    FollowUp.objects.create(
        trip=open_trip,
        description="已完成的事",
        owner_person=editor_person,
        due_date=days(-10),
        status="done",
    )
    run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["li@customs.example"]
    assert "回報 SCCP 會議結論" in message.body
    assert "提交出國報告摘要" in message.body
    assert "下個月的事" not in message.body
    assert "已完成的事" not in message.body
    assert f"https://portal.example/follow-ups/{overdue_follow_up.pk}/" in message.body
    assert "李編輯" in message.body


def test_linked_user_email_is_used_when_person_has_none(editor, my_follow_up):
    editor.email = "editor@customs.example"
    editor.save()
    run()
    assert [m.to for m in mail.outbox] == [["editor@customs.example"]]


def test_at_most_one_message_per_day_and_again_next_day(editor_person, my_follow_up):
    editor_person.email = "li@customs.example"
    editor_person.save()
    run()
    run()
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1
    run(my_follow_up.due_date - datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_follow_ups_and_report_for_same_person_go_in_one_message(
    editor_person, my_follow_up, customs
):
    editor_person.email = "li@customs.example"
    editor_person.save()
    trip = make_trip(customs, title="待交報告的行程", start=days(-95))
    Delegate.objects.create(trip=trip, person=editor_person, role=Delegate.Role.CONTACT)
    run()
    assert len(mail.outbox) == 1
    assert "待交報告的行程" in mail.outbox[0].body
    assert "回報 SCCP 會議結論" in mail.outbox[0].body


def test_trip_contact_by_name_gets_report_reminder(customs, db):
    Person.objects.create(name="黃聯絡", agency=customs, email="huang@customs.example")
    trip = make_trip(customs, title="三個月前的行程", start=days(-100), contact_name="黃聯絡")
    submitted = make_trip(customs, title="已交報告", start=days(-100), contact_name="黃聯絡")
    Trip.objects.filter(pk=submitted.pk).update(report_date=days(-1))
    run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["huang@customs.example"]
    assert trip.title in mail.outbox[0].body
    assert "已交報告" not in mail.outbox[0].body


def test_no_address_no_message(my_follow_up):
    assert run().startswith("0 ")
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_reminder_in_the_recipients_language(
    client_for, editor, editor_person, my_follow_up, settings
):
    settings.LANGUAGE_CODE = "zh-hant"  # the production default; the suite runs in English
    editor_person.email = "li@customs.example"
    editor_person.save()
    run()
    # Chinese by default: dates in the ROC calendar.
    assert "民國" in mail.outbox[0].body
    client = client_for(editor)
    response = client.post(reverse("meetings:reminder-language"), {"language": "en"})
    assert response.status_code == 302
    run(days(1))
    body = mail.outbox[1].body
    assert "民國" not in body
    assert my_follow_up.due_date.isoformat() in body


def test_reminder_language_refusals(client, client_for, editor, superuser):
    assert client.get(reverse("meetings:reminder-language")).status_code == 302  # anonymous
    client_for(editor)
    assert client.get(reverse("meetings:reminder-language")).status_code == 405
    client.post(reverse("meetings:reminder-language"), {"language": "xx"})
    assert not ReminderPreference.objects.exists()
    client_for(superuser)  # an account without a person
    assert client.post(reverse("meetings:reminder-language"), {"language": "en"}).status_code == 403
