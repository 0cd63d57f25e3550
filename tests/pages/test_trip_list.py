"""The trip list: visible trips only, filters that combine, pages of 25."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Destination, FollowUp, Meeting, MeetingSeries, Trip
from meetings.models.trips import countries_visited

from ..factories import make_trip

URL = reverse("meetings:trip-list")


def titles(response):
    return [trip.title for trip in response.context["trips"]]


@pytest.fixture
def trips(customs, taipei_customs, other_agency):
    series = MeetingSeries.objects.create(name="World Customs Organization Council", acronym="WCO")
    made = {
        "apec": make_trip(customs, title="出席 APEC 會議報告", start=datetime.date(2022, 8, 22)),
        "wco": make_trip(
            taipei_customs,
            title="出席 WCO 理事會報告",
            start=datetime.date(2021, 6, 1),
            category=Trip.Category.TRAINING,
            status=Trip.Status.PUBLISHED,
        ),
        "who": make_trip(other_agency, title="出席 WHO 大會報告", start=datetime.date(2022, 5, 2)),
        "secret": make_trip(
            other_agency,
            title="衛福部機密會談報告",
            access=Trip.Access.RESTRICTED,
            start=datetime.date(2022, 3, 1),
        ),
    }
    Destination.objects.create(trip=made["apec"], country="TH", city="清邁")
    Destination.objects.create(trip=made["wco"], country="BE", city="布魯塞爾")
    Destination.objects.create(trip=made["secret"], country="KP")
    Meeting.objects.create(trip=made["wco"], title="WCO Council", series=series)
    FollowUp.objects.create(trip=made["apec"], description="提交報告", status="open")
    FollowUp.objects.create(
        trip=made["who"],
        description="已完成",
        status="done",
        completed_on=datetime.date(2022, 6, 1),
    )
    return made


def test_viewer_sees_visible_trips_newest_first(chinese_ui, client_for, viewer, trips):
    response = client_for(viewer).get(URL)
    assert response.status_code == 200
    assert titles(response) == ["出席 APEC 會議報告", "出席 WHO 大會報告", "出席 WCO 理事會報告"]
    html = response.content.decode()
    assert "民國 111 年 8 月 22 日" in html
    assert "衛福部機密會談報告" not in html
    assert response.context["paginator"].count == 3


def test_restricted_country_is_not_offered_to_others(client_for, viewer, trips):
    response = client_for(viewer).get(URL)
    codes = [code for code, _ in response.context["filter"].form.fields["country"].choices]
    assert "TH" in codes and "BE" in codes and "KP" not in codes


def test_restricted_trip_listed_for_its_agency(client_for, other_editor, trips):
    response = client_for(other_editor).get(URL)
    assert "衛福部機密會談報告" in titles(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "APEC"}, ["出席 APEC 會議報告"]),
        ({"q": "出席 報告"}, ["出席 APEC 會議報告", "出席 WHO 大會報告", "出席 WCO 理事會報告"]),
        ({"category": "training"}, ["出席 WCO 理事會報告"]),
        ({"status": "published"}, ["出席 WCO 理事會報告"]),
        ({"year": "2022"}, ["出席 APEC 會議報告", "出席 WHO 大會報告"]),
        ({"year": "111"}, ["出席 APEC 會議報告", "出席 WHO 大會報告"]),
        ({"year": "110"}, ["出席 WCO 理事會報告"]),
        ({"country": "BE"}, ["出席 WCO 理事會報告"]),
        ({"open_follow_ups": "yes"}, ["出席 APEC 會議報告"]),
        ({"open_follow_ups": "no"}, ["出席 WHO 大會報告", "出席 WCO 理事會報告"]),
        ({"sort": "oldest"}, ["出席 WCO 理事會報告", "出席 WHO 大會報告", "出席 APEC 會議報告"]),
        ({"year": "111", "open_follow_ups": "no"}, ["出席 WHO 大會報告"]),
        ({"q": "出席", "year": "2021", "category": "training"}, ["出席 WCO 理事會報告"]),
        ({"q": "APEC", "country": "BE"}, []),
    ],
)
def test_filters_and_their_combinations(client_for, viewer, trips, query, expected):
    response = client_for(viewer).get(URL, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_agency_filter_includes_agencies_below(client_for, viewer, trips, customs, taipei_customs):
    client = client_for(viewer)
    response = client.get(URL, {"agency": customs.pk})
    assert titles(response) == ["出席 APEC 會議報告", "出席 WCO 理事會報告"]
    response = client.get(URL, {"agency": taipei_customs.pk})
    assert titles(response) == ["出席 WCO 理事會報告"]


def test_series_filter(client_for, viewer, trips):
    series = MeetingSeries.objects.get()
    response = client_for(viewer).get(URL, {"series": series.pk})
    assert titles(response) == ["出席 WCO 理事會報告"]


def test_country_filter_cannot_reach_a_hidden_trip(client_for, viewer, trips):
    response = client_for(viewer).get(URL, {"country": "KP"})
    assert titles(response) == ["出席 APEC 會議報告", "出席 WHO 大會報告", "出席 WCO 理事會報告"]
    assert response.context["filter"].form.errors


@pytest.mark.parametrize("query", [{"year": "abc"}, {"category": "nonsense"}, {"agency": "x"}])
def test_bad_filter_input_is_reported_not_a_crash(client_for, viewer, trips, query):
    response = client_for(viewer).get(URL, query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert "form-errors" in response.content.decode()


def test_filter_state_is_kept_in_the_pagination_links(client_for, viewer, customs):
    for n in range(30):
        make_trip(customs, title=f"APEC 會議 {n:02d}", start=datetime.date(2020, 1, 1 + n % 28))
    client = client_for(viewer)
    response = client.get(URL, {"q": "APEC", "year": "109"})
    assert len(response.context["trips"]) == 25
    html = response.content.decode()
    assert "?q=APEC&amp;year=109&amp;page=2" in html
    assert 'aria-current="page"' in html and 'class="pagination"' in html
    page2 = client.get(URL, {"q": "APEC", "year": "109", "page": 2})
    assert len(page2.context["trips"]) == 5
    assert 'rel="prev"' in page2.content.decode()


def test_out_of_range_page_is_404(client_for, viewer, trips):
    assert client_for(viewer).get(URL, {"page": 99}).status_code == 404


def test_anonymous_is_sent_to_login(client, trips):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_post_is_refused(client_for, viewer):
    assert client_for(viewer).post(URL).status_code == 405


def test_list_query_count_does_not_grow_with_trips(
    client_for, viewer, customs, django_assert_max_num_queries
):
    client = client_for(viewer)
    client.get(URL)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"open_follow_ups": "no"}).status_code == 200
        return len(queries)

    make_trip(customs, title="一")
    few = count()
    for n in range(40):
        trip = make_trip(customs, title=f"多 {n}")
        Destination.objects.create(trip=trip, country="JP")
        FollowUp.objects.create(trip=trip, description="已結案", status="dropped")
    assert count() == few
    with django_assert_max_num_queries(few):
        response = client.get(URL, {"year": "2022", "country": "JP", "open_follow_ups": "no"})
    assert len(response.context["trips"]) == 25


def test_filter_help_is_tied_to_its_field(client_for, viewer, trips):
    html = client_for(viewer).get(URL).content.decode()
    assert 'aria-describedby="id_year-help"' in html and 'id="id_year-help"' in html
    assert 'aria-describedby="id_agency-help"' in html and 'id="id_agency-help"' in html


def test_year_out_of_range_is_refused(client_for, viewer, trips):
    response = client_for(viewer).get(URL, {"year": "99999"})
    assert response.status_code == 200 and response.context["filter"].form.errors["year"]


def test_a_trip_without_sending_agency_is_listed_with_a_dash(client_for, viewer):
    """Imported reports may name no agency; the list still answers and shows a dash."""
    Trip.objects.create(title="出席 2023 年世界貿易組織貿易便捷化委員會會議報告")
    response = client_for(viewer).get(reverse("meetings:trip-list"))
    assert response.status_code == 200
    assert "出席 2023 年世界貿易組織貿易便捷化委員會會議報告" in titles(response)
    assert "<td>—</td>" in response.content.decode()


def offered_countries(response):
    return [code for code, _ in response.context["filter"].form.fields["country"].choices if code]


def test_country_is_offered_when_one_of_its_trips_is_visible(
    client_for, viewer, other_editor, administrator, customs, other_agency
):
    # The restricted trips come first, so that the first JP and KR destinations in
    # the country index belong to trips the viewer may not see.
    for country in ("JP", "KR", "KP"):
        hidden = make_trip(other_agency, access=Trip.Access.RESTRICTED)
        Destination.objects.create(trip=hidden, country=country)
    for country in ("JP", "KR", "FR"):
        Destination.objects.create(trip=make_trip(customs), country=country)

    response = client_for(viewer).get(URL)
    # Sorted by the country's name in the user's language, as before.
    names = [name for code, name in response.context["filter"].form.fields["country"].choices]
    assert names[1:] == sorted(names[1:])
    assert sorted(offered_countries(response)) == ["FR", "JP", "KR"]
    assert sorted(offered_countries(client_for(other_editor).get(URL))) == [
        "FR",
        "JP",
        "KP",
        "KR",
    ]
    assert "KP" in offered_countries(client_for(administrator).get(URL))


def test_no_country_is_offered_without_visible_trips(client_for, viewer, other_agency):
    Destination.objects.create(
        trip=make_trip(other_agency, access=Trip.Access.RESTRICTED), country="KP"
    )
    response = client_for(viewer).get(URL)
    assert offered_countries(response) == []
    assert response.context["paginator"].count == 0


def test_query_count_does_not_grow_with_countries(
    client_for, viewer, customs, django_assert_max_num_queries
):
    client = client_for(viewer)
    Destination.objects.create(trip=make_trip(customs), country="JP")
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    codes = ["AT", "AU", "BE", "CA", "CH", "DE", "FR", "GB", "ID", "IN", "KR", "MY"]
    codes += ["NL", "NZ", "PH", "SG", "TH", "US", "VN", "ZA"]
    for code in codes:
        Destination.objects.create(trip=make_trip(customs), country=code)
    with django_assert_max_num_queries(len(queries)):
        response = client.get(URL)
    assert sorted(offered_countries(response)) == sorted([*codes, "JP"])


def test_countries_of_no_trips_is_an_empty_list(customs):
    Destination.objects.create(trip=make_trip(customs), country="JP")
    assert countries_visited(Trip.objects.none()) == []
    assert countries_visited(Trip.objects.filter(pk__in=[])) == []
    assert countries_visited(Trip.objects.all()) == ["JP"]


def test_each_page_shows_its_own_visible_trips_in_date_order(
    client_for, viewer, customs, other_agency, django_assert_max_num_queries
):
    # 60 open trips (several on the same day, ordered by id within it) and 20
    # restricted ones of another agency in between, which must not take places
    # on any page.
    for n in range(80):
        restricted = n % 4 == 3
        make_trip(
            other_agency if restricted else customs,
            title=f"{'機密' if restricted else '公開'} {n:02d}",
            access=Trip.Access.RESTRICTED if restricted else Trip.Access.OPEN,
            start=datetime.date(2020, 1 + n % 12, 1 + n % 5),
        )
    expected = [
        trip.title
        for trip in Trip.objects.filter(access=Trip.Access.OPEN).order_by("-start_date", "-id")
    ]
    client = client_for(viewer)
    client.get(URL)
    with CaptureQueriesContext(connection) as first_page:
        shown = titles(client.get(URL))
    for page in (2, 3):
        with django_assert_max_num_queries(len(first_page)):
            shown += titles(client.get(URL, {"page": page}))
    assert [len(titles(client.get(URL, {"page": p}))) for p in (1, 2, 3)] == [25, 25, 10]
    assert shown == expected
    oldest_first = titles(client.get(URL, {"page": 3, "sort": "oldest"}))
    assert oldest_first == expected[::-1][50:]
