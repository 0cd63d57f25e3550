"""An editor records a complete trip by hand in the admin."""

from django.urls import reverse

from delegates.models import Person
from meetings.models import AgendaItem, Meeting, Trip

from .admin_forms import MEETING_INLINES, TRIP_INLINES, form_data, inline_data


def test_editor_creates_a_complete_trip(client, editor, customs, taipei_customs):
    people = [
        Person.objects.create(name="劉麗霞", agency=customs, unit="通關業務組", title="副組長"),
        Person.objects.create(name="柯佩君", agency=customs, unit="關務資訊組", title="辦事員"),
        Person.objects.create(name="楊士宗", agency=taipei_customs, unit="資訊室", title="股長"),
    ]
    client.force_login(editor)
    trip_fields = {
        "title": "出席 2022 年 APEC SCCP 第 2 次會議報告",
        "category": "meeting",
        "agency": customs.pk,
        "status": "report_submitted",
        "start_date": "2022-08-22",
        "end_date": "2022-08-26",
        "report_date": "2022-11-14",
        "summary": "為了解國際最新關務趨勢",
        "purposes": "[]",
        "access": "open",
        "pages": "26",
        "has_attachments": "on",
    }
    inlines = {
        "delegates": [
            {"order": i, "person": p.pk, "role": "head" if i == 0 else "member"}
            for i, p in enumerate(people)
        ],
        "destinations": [{"order": 0, "country": "TH", "city": "清邁"}],
        "follow_ups": [
            {
                "description": "SCCP 將於 10 月 7 日提交報告",
                "owner_text": "SCCP",
                "due_date": "2022-10-07",
                "status": "open",
            },
        ],
        "lessons": [
            {"order": 0, "kind": "observation", "title": "掌握 SCCP 策略計畫要點", "body": "…"},
            {"order": 1, "kind": "recommendation", "title": "長期培養國際關務人才", "body": "…"},
        ],
        "attachments": [{"number": 1, "title": "ACBD Agenda"}],
    }
    response = client.post(
        reverse("admin:meetings_trip_add"), form_data(trip_fields, inlines, TRIP_INLINES)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    trip = Trip.objects.get()
    assert trip.created_by == editor
    assert trip.report_due_date.isoformat() == "2022-11-26"
    assert [d.person.name for d in trip.delegates.order_by("order")] == [
        "劉麗霞",
        "柯佩君",
        "楊士宗",
    ]
    assert trip.delegates.get(person__name="楊士宗").unit == "資訊室"
    assert trip.follow_ups.count() == 1 and trip.lessons.count() == 2
    assert trip.lessons.get(kind="recommendation").adoption_status == "proposed"

    for order, (title, agenda) in enumerate(
        [("海關與企業對話", ["場次1", "場次2"]), ("關務程序次級委員會第 2 次會議", ["1、", "4、"])]
    ):
        data = form_data(
            {
                "trip": trip.pk,
                "order": order,
                "title": title,
                "chairs": '["Mr. Chaiyut Kumkun"]',
                "start_date": "2022-08-23",
                "end_date": "2022-08-25",
                "format": "hybrid",
            },
            {
                "agenda_items": [
                    {"order": i, "label": label, "title": f"議程 {label}"}
                    for i, label in enumerate(agenda)
                ],
                "minutes": [{"order": 0, "title": "開場致詞", "body": "由泰國海關總署長開場致詞"}],
                "decisions": [{"order": 0, "text": "採認會議議程"}],
            },
            MEETING_INLINES,
        )
        response = client.post(reverse("admin:meetings_meeting_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    sccp = Meeting.objects.get(order=1)
    parent = sccp.agenda_items.get(label="4、")
    # Nest sub-items under item 4 on the meeting's change page.
    existing = [
        {
            "id": item.pk,
            "meeting": sccp.pk,
            "order": item.order,
            "label": item.label,
            "title": item.title,
        }
        for item in sccp.agenda_items.order_by("order")
    ]
    rows = existing + [
        {
            "meeting": sccp.pk,
            "order": 2,
            "parent": parent.pk,
            "label": "(1)",
            "title": "COVID-19 復甦",
        },
        {"meeting": sccp.pk, "order": 3, "parent": parent.pk, "label": "(2)", "title": "WTO TFA"},
    ]
    data = form_data(
        {
            "trip": trip.pk,
            "order": 1,
            "title": sccp.title,
            "chairs": '["Mr. Chaiyut Kumkun"]',
            "start_date": "2022-08-23",
            "end_date": "2022-08-25",
            "format": "hybrid",
        },
        {},
        ["minutes", "decisions"],
    )
    data.update(inline_data("agenda_items", rows, initial=len(existing)))
    minutes = sccp.minutes.get()
    data.update(
        inline_data(
            "minutes",
            [
                {
                    "id": minutes.pk,
                    "meeting": sccp.pk,
                    "order": 0,
                    "title": minutes.title,
                    "body": minutes.body,
                }
            ],
            initial=1,
        )
    )
    decision = sccp.decisions.get()
    data.update(
        inline_data(
            "decisions",
            [{"id": decision.pk, "meeting": sccp.pk, "order": 0, "text": decision.text}],
            initial=1,
        )
    )
    response = client.post(reverse("admin:meetings_meeting_change", args=[sccp.pk]), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert [c.label for c in AgendaItem.objects.get(pk=parent.pk).children.order_by("order")] == [
        "(1)",
        "(2)",
    ]
    assert trip.meetings.count() == 2
    assert trip.history.count() >= 1
