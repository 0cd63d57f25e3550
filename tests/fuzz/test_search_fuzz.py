"""Fuzz tests of the search box and the list pages' filters: junk never makes a 500.

The search page answers 200 (or 400 with a message for an invalid filter) whatever
is typed, full-text syntax included, and never echoes markup unescaped.  The trip,
follow-up and recommendation lists answer junk filter values without a 500 too.
"""

import importlib

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import event, given
from hypothesis import strategies as st

from meetings.models import Lesson, Trip

from ..factories import make_trip
from .conftest import count, fuzz_settings

# Damaged reports are large: Hypothesis may say so when it prints one.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

SCRIPT = "<script>alert(1)</script>"
FTS_TOKENS = [
    '"',
    "*",
    "NEAR(",
    "NEAR/3",
    "AND",
    "OR",
    "NOT",
    "-",
    "^",
    ":",
    "(",
    ")",
    "&",
    "|",
    "!",
    "<->",
    "<2>",
    "\\",
    "'",
    "''",
    "{",
    "}",
    "title:",
    "%",
    "_",
    "+",
    "~",
    ";",
    "--",
    "/*",
    SCRIPT,
]
WORDS = ["APEC", "SCCP", "海關", "會議", "關務署", "WCO", "2022", "111", "能力建構", "a", "の"]
FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
EMOJI = "😀🇹🇼👩‍💼🧾✈️🔍"

# Unicode without surrogates (they cannot be sent in a URL).
unicode_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
terms = st.one_of(
    st.sampled_from(FTS_TOKENS),
    st.sampled_from(WORDS),
    st.text(alphabet=FULL_WIDTH, min_size=1, max_size=10),
    st.text(alphabet=EMOJI, min_size=1, max_size=5),
    unicode_text,
)
joined = st.lists(terms, min_size=0, max_size=12).flatmap(
    lambda parts: st.sampled_from([" ", "", "\u3000", "\t"]).map(lambda sep: sep.join(parts))
)
queries = st.one_of(
    joined,
    joined.map(lambda q: '"' + q),  # an unbalanced quote
    st.lists(st.sampled_from(WORDS), min_size=50, max_size=300).map(" ".join),  # many terms
    st.sampled_from(WORDS + FTS_TOKENS).map(lambda w: (w + " ") * (10_000 // (len(w) + 1))),
    unicode_text,
)
JUNK = [
    "",
    "abc",
    "-1",
    "0",
    "99999",
    "999999999999999999999999",
    "1e400",
    "NaN",
    "ZZ",
    "tw",
    "TW",
    SCRIPT,
    "' OR 1=1 --",
    "2022-13-45",
    "9999-12-31",
    "0000-00-00",
    "\u0000",
    "true",
    "None",
    "%00",
    "../../etc/passwd",
    "測試",
]
junk = st.one_of(st.sampled_from(JUNK), unicode_text)
SEARCH_PARAMS = ["year", "year_from", "year_to", "country", "category", "agency", "organisation"]
SEARCH_PARAMS += ["series", "person", "open_follow_ups", "page", "sort", "kind", "status"]


def assert_safe(response):
    assert response.status_code != 500
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert "<script>alert" not in response.content.decode()


@pytest.fixture
def some_records(customs, other_agency):
    trip = make_trip(customs, title="出席 APEC SCCP 會議報告 <script>alert(1)</script>")
    trip.lessons.create(
        order=0, kind=Lesson.Kind.RECOMMENDATION, title="建議加強能力建構", body="本署應持續"
    )
    make_trip(other_agency, title="衛福部出席 WHO 會議報告")
    return trip


def search_url():
    try:
        return reverse("meetings:search")
    except NoReverseMatch:
        pytest.skip("search page not installed")


@pytest.fixture
def indexed_records(some_records):
    """The records, in the search index when the search page keeps one."""
    try:
        index = importlib.import_module("meetings.search.index")
    except ImportError:
        return some_records
    index.reindex_trips(list(Trip.objects.values_list("pk", flat=True)))
    return some_records


@pytest.mark.django_db
@fuzz_settings(120)
@given(
    q=queries,
    params=st.dictionaries(st.sampled_from(SEARCH_PARAMS), junk, max_size=4),
)
def test_search_box_never_fails(q, params, client_for, viewer, indexed_records):
    url = search_url()
    count("search")
    response = client_for(viewer).get(url, {"q": q, **params})
    assert_safe(response)
    event(f"search: status {response.status_code}")
    if response.status_code == 200 and (response.context or {}).get("rows"):
        event("search: trips found")
    if set(params) & {"page"} and response.status_code == 404:
        return  # a page number past the end (or not a number) is not found
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert response.content.strip(), "a refused search says why"


LIST_PAGES = {
    "meetings:trip-list": [
        "q",
        "category",
        "status",
        "year",
        "agency",
        "country",
        "series",
        "open_follow_ups",
        "sort",
        "page",
    ],
    "meetings:followup-list": [
        "status",
        "owner_person",
        "owner_agency",
        "series",
        "due_after",
        "due_before",
        "overdue",
        "mine",
        "page",
    ],
    "meetings:recommendation-list": [
        "adoption_status",
        "agency",
        "review_before",
        "format",
        "page",
    ],
    "meetings:series-list": ["q", "organisation", "page"],
}


@st.composite
def list_requests(draw):
    name = draw(st.sampled_from(sorted(LIST_PAGES)))
    params = draw(st.dictionaries(st.sampled_from(LIST_PAGES[name]), junk, max_size=5))
    if "q" in LIST_PAGES[name] and draw(st.booleans()):
        params["q"] = draw(queries)
    return name, params


@pytest.mark.django_db
@fuzz_settings(90)
@given(request=list_requests())
def test_list_filters_never_fail(request, client_for, viewer, some_records):
    name, params = request
    count("lists")
    response = client_for(viewer).get(reverse(name), params)
    assert_safe(response)
    allowed = {200, 400} | ({404} if "page" in params else set())
    assert response.status_code in allowed, (name, params, response.status_code)
