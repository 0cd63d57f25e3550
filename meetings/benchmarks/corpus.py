"""A synthetic corpus shaped like real trip reports, written fast with bulk_create.

`build_corpus(n)` creates n trips with destinations, delegations, meetings, agenda
items, minutes, decisions, follow-ups and lessons, in mixed Chinese and English.
Words are drawn with Zipf-like frequencies, so some terms (海關, APEC) are in most
trips and others (量子通關, blockchain pilot) in a handful. Bulk writes send no
signals: call `meetings.search.index.rebuild()` afterwards to index the corpus.
Other benchmarks reuse it to get N trips quickly.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from delegates.models import Agency, Person

from ..models import (
    AgendaItem,
    Decision,
    Delegate,
    Destination,
    FollowUp,
    Keyword,
    Lesson,
    Meeting,
    MeetingSeries,
    MinuteBlock,
    Organisation,
    Trip,
)
from ..models.base import add_months

ORGANISATIONS = [
    ("Asia-Pacific Economic Cooperation", "APEC", "亞太經濟合作"),
    ("World Customs Organization", "WCO", "世界關務組織"),
    ("World Trade Organization", "WTO", "世界貿易組織"),
    ("Organisation for Economic Co-operation and Development", "OECD", "經濟合作暨發展組織"),
]
SERIES = [
    ("Sub-Committee on Customs Procedures", "SCCP", 0),
    ("Customs Business Dialogue", "ACBD", 0),
    ("Policy Commission", "PC", 1),
    ("Permanent Technical Committee", "PTC", 1),
    ("Committee on Trade Facilitation", "CTF", 2),
    ("Global Forum on Transparency", "GFT", 3),
]
COUNTRIES = ["TH", "JP", "KR", "SG", "US", "BE", "CH", "FR", "AU", "VN", "PE", "NZ", "CA"]
CITIES = ["清邁", "東京", "首爾", "新加坡", "華盛頓", "布魯塞爾", "日內瓦", "巴黎", "雪梨", "河內"]
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高"
GIVEN = "麗霞士宗佩君志明淑芬俊傑雅婷家豪怡君建宏美玲冠宇欣怡承翰"
# Common to rare: the Zipf weight of a term is 1 / its rank.
ZH_TERMS = [
    "海關",
    "會議",
    "關務",
    "貿易",
    "經濟體",
    "合作",
    "便捷化",
    "供應鏈",
    "單一窗口",
    "能力建構",
    "風險管理",
    "電子商務",
    "優質企業",
    "原產地規則",
    "綠色經濟",
    "環境永續",
    "數位轉型",
    "智慧邊境",
    "資訊交換",
    "相互承認協議",
    "疫情復甦",
    "反走私",
    "智慧財產權",
    "邊境管制",
    "預先裁定",
    "通關時間",
    "跨境電商",
]
EN_TERMS = [
    "customs",
    "trade",
    "APEC",
    "WCO",
    "facilitation",
    "Single Window",
    "risk management",
    "supply chain",
    "capacity building",
    "e-commerce",
    "AEO",
    "green economy",
    "data exchange",
    "digital transformation",
    "mutual recognition",
    "advance ruling",
]
# Rare terms: in about one trip in a hundred.
RARE_TERMS = ["量子通關", "區塊鏈試辦", "人工智慧查驗", "blockchain pilot", "quantum clearance"]
FILLER = "本署代表出席並就各經濟體推動現況進行討論交流分享我方實務經驗與成果會中說明相關措施"
VERBS = ["簡報", "說明", "分享", "討論", "提出", "更新", "報告"]
DEFINITIONS = [
    "世界關務組織(World Customs Organization, WCO)",
    "亞太經濟合作(Asia Pacific Economic Cooperation, APEC)",
    "關務程序次級委員會(Sub-Committee on Customs Procedures, SCCP)",
    "優質企業(Authorized Economic Operator, AEO)",
]


def _weights(n):
    return [1 / (rank + 1) for rank in range(n)]


@dataclass
class Writer:
    rng: random.Random

    def __post_init__(self):
        self.zh_w = _weights(len(ZH_TERMS))
        self.en_w = _weights(len(EN_TERMS))

    def zh(self, k):
        return self.rng.choices(ZH_TERMS, self.zh_w, k=k)

    def en(self, k):
        return self.rng.choices(EN_TERMS, self.en_w, k=k)

    def filler(self, length):
        start = self.rng.randrange(len(FILLER) - length)
        return FILLER[start : start + length]

    def sentence(self):
        a, b = self.zh(2)
        (term,) = self.en(1)
        return f"{a}{self.rng.choice(VERBS)}{b}，{self.filler(self.rng.randint(6, 14))}({term})。"

    def paragraph(self, sentences):
        text = "".join(self.sentence() for _ in range(sentences))
        if self.rng.random() < 0.05:
            text += self.rng.choice(DEFINITIONS) + "。"
        if self.rng.random() < 0.002:
            text += f"另{self.rng.choice(VERBS)}{self.rng.choice(RARE_TERMS)}。"
        return text


def _reference_data():
    root, _ = Agency.objects.get_or_create(name="財政部", defaults={"short_name": "財政部"})
    customs, _ = Agency.objects.get_or_create(
        name="財政部關務署", defaults={"parent": root, "short_name": "關務署"}
    )
    branches = [
        Agency.objects.get_or_create(
            name=f"財政部關務署{city}關", defaults={"parent": customs, "short_name": f"{city}關"}
        )[0]
        for city in ("臺北", "基隆", "臺中", "高雄")
    ]
    other, _ = Agency.objects.get_or_create(name="經濟部", defaults={"short_name": "經濟部"})
    agencies = [customs, *branches, other]
    orgs = [
        Organisation.objects.get_or_create(name=name, defaults={"acronym": acronym, "name_zh": zh})[
            0
        ]
        for name, acronym, zh in ORGANISATIONS
    ]
    series = [
        MeetingSeries.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "organisation": orgs[org]}
        )[0]
        for name, acronym, org in SERIES
    ]
    keywords = [Keyword.objects.get_or_create(name=t)[0] for t in ZH_TERMS + EN_TERMS]
    people = []
    for i in range(300):
        agency = agencies[i % len(agencies)]
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3) % 20]
        people.append(Person.objects.get_or_create(name=name, agency=agency)[0])
    return agencies, series, keywords, list({p.pk: p for p in people}.values())


def build_corpus(n_trips, seed=1, batch=1000, progress=None):
    """Create `n_trips` synthetic trips; returns their ids."""
    rng = random.Random(seed)
    write = Writer(rng)
    agencies, series, keywords, people = _reference_data()
    categories = [c for c, _ in Trip.Category.choices]
    first_day = datetime.date(2005, 1, 3)
    span = (datetime.date(2025, 12, 1) - first_day).days
    trip_ids = []
    for start in range(0, n_trips, batch):
        size = min(batch, n_trips - start)
        # Spread dates over twenty years, oldest first, as reports accumulate.
        days = sorted(rng.randrange(span) for _ in range(size))
        with transaction.atomic():
            trips = []
            for offset in days:
                begin = first_day + datetime.timedelta(days=offset)
                end = begin + datetime.timedelta(days=rng.randint(2, 8))
                s = series[int(rng.paretovariate(1.2)) % len(series)]
                a, b = write.zh(2)
                trips.append(
                    Trip(
                        title=f"出席 {begin.year} 年 {s.organisation.acronym} {s.acronym} "
                        f"會議報告：{a}與{b}",
                        category=rng.choice(categories) if rng.random() < 0.2 else "meeting",
                        agency=rng.choice(agencies),
                        access=Trip.Access.RESTRICTED if rng.random() < 0.1 else Trip.Access.OPEN,
                        status=Trip.Status.PUBLISHED,
                        start_date=begin,
                        end_date=end,
                        report_date=end + datetime.timedelta(days=60),
                        report_due_date=add_months(end, 3),
                        summary=write.paragraph(3),
                        purposes=[write.sentence(), write.sentence()],
                    )
                )
            trips = Trip.objects.bulk_create(trips)
            trip_ids += [t.pk for t in trips]
            _children(rng, write, trips, series, keywords, people)
        if progress:
            progress(start + size, n_trips)
    return trip_ids


def _children(rng, write, trips, series, keywords, people):
    places, delegates, meetings, links = [], [], [], []
    for trip in trips:
        places.append(
            Destination(trip=trip, country=rng.choice(COUNTRIES), city=rng.choice(CITIES))
        )
        for order, person in enumerate(rng.sample(people, rng.randint(1, 3))):
            delegates.append(
                Delegate(trip=trip, person=person, order=order, agency_id=person.agency_id)
            )
        for order in range(1 if rng.random() < 0.8 else 2):
            s = series[(trip.pk + order) % len(series)]
            meetings.append(
                Meeting(
                    trip=trip,
                    series=s,
                    order=order,
                    title=f"{s.organisation.name_zh}{write.zh(1)[0]}會議",
                    title_en=f"{s.name} Meeting",
                    acronym=f"{s.acronym}{rng.randint(1, 3)}",
                    start_date=trip.start_date,
                    end_date=trip.end_date,
                )
            )
        for kw in rng.sample(keywords, 3):
            links.append(Trip.keywords.through(trip_id=trip.pk, keyword_id=kw.pk))
    Destination.objects.bulk_create(places)
    Delegate.objects.bulk_create(delegates)
    Trip.keywords.through.objects.bulk_create(links)
    meetings = Meeting.objects.bulk_create(meetings)
    items = []
    for meeting in meetings:
        for order in range(3):
            items.append(
                AgendaItem(
                    meeting=meeting, order=order, label=f"{order + 1}、", title=write.sentence()
                )
            )
    items = AgendaItem.objects.bulk_create(items)
    children, minutes, decisions = [], [], []
    for i, meeting in enumerate(meetings):
        parent = items[i * 3 + 2]
        children.append(
            AgendaItem(meeting=meeting, parent=parent, order=3, label="(1)", title=write.sentence())
        )
        for order in range(2):
            minutes.append(
                MinuteBlock(
                    meeting=meeting,
                    agenda_item=items[i * 3 + order],
                    order=order,
                    title=write.zh(1)[0],
                    body=write.paragraph(4),
                )
            )
        decisions.append(Decision(meeting=meeting, order=0, text=write.sentence()))
    AgendaItem.objects.bulk_create(children)
    MinuteBlock.objects.bulk_create(minutes)
    Decision.objects.bulk_create(decisions)
    follow_ups, lessons = [], []
    for trip in trips:
        done = rng.random() < 0.7
        follow_ups.append(
            FollowUp(
                trip=trip,
                description=write.sentence(),
                status=FollowUp.Status.DONE if done else FollowUp.Status.OPEN,
                completed_on=trip.report_date if done else None,
                due_date=trip.report_date,
            )
        )
        lessons.append(
            Lesson(trip=trip, kind=Lesson.Kind.OBSERVATION, order=0, body=write.paragraph(2))
        )
        lessons.append(
            Lesson(
                trip=trip,
                kind=Lesson.Kind.RECOMMENDATION,
                adoption_status=Lesson.Adoption.PROPOSED,
                order=1,
                body=write.sentence(),
            )
        )
    FollowUp.objects.bulk_create(follow_ups)
    Lesson.objects.bulk_create(lessons)
