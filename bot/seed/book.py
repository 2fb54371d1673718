"""A made-up but realistic book of customers, for trying the bot at scale and for `make bench`.

Pure: the same options, seed and `now` always give the same book. Every derived field agrees
with the rules the way the app would have set it: tier from the annual value, activity level
from the follow-ups, last activity from the latest follow-up, and active customers have been
contacted within the dormancy window (dormant ones have not).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.customers.form import COMPANY_SIZES, SOURCES
from bot.customers.name_parts import name_keys
from bot.customers.names import normalize_name
from bot.rules.model import Rules, activity_for, tier_for
from bot.seed import vocabulary as words
from bot.seed.people import Person, company_name, domain_for, person, phone_number
from storage.models import CustomerStatus, CustomerType, FollowUpMethod, NextStepStatus

DEFAULT_OWNERS = tuple(f"U0SEED{n:04d}" for n in range(1, 11))
DEFAULT_TEAM = "T0TEAM001"
"""The stand-in Slack's team, so a seeded book shows up there without more flags."""
STATUS_WEIGHTS = {
    CustomerStatus.LEAD: 18,
    CustomerStatus.PROSPECT: 22,
    CustomerStatus.CUSTOMER: 40,
    CustomerStatus.CHURNED: 10,
    CustomerStatus.DORMANT: 10,
}
_FOLLOWUP_FACTOR = {
    CustomerStatus.LEAD: 0.8,
    CustomerStatus.PROSPECT: 1.2,
    CustomerStatus.CUSTOMER: 1.3,
    CustomerStatus.CHURNED: 0.6,
    CustomerStatus.DORMANT: 0.5,
}
_FACTOR_MEAN = sum(STATUS_WEIGHTS[s] * f for s, f in _FOLLOWUP_FACTOR.items()) / 100
_ACTIVE = (CustomerStatus.LEAD, CustomerStatus.PROSPECT, CustomerStatus.CUSTOMER)
_OLDEST_CUSTOMER = timedelta(days=3 * 365)


@dataclass(frozen=True)
class BookOptions:
    team_id: str = DEFAULT_TEAM
    customers: int = 1000
    followups_per: float = 2.0
    """On average, per customer."""
    owners: tuple[str, ...] = DEFAULT_OWNERS
    seed: int = 1
    currency: str = "USD"
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    """Where the team is: customer codes carry the creation day there, and follow-ups happen
    in its working hours."""
    history_days: int = 365
    """Follow-ups go back this far."""


@dataclass(frozen=True)
class PlannedStep:
    owner_id: str
    description: str
    due_at: datetime
    due_has_time: bool
    status: str
    completed_at: datetime | None


@dataclass(frozen=True)
class PlannedFollowUp:
    author_id: str
    occurred_at: datetime
    method: str
    text: str
    raw_text: str
    step: PlannedStep | None


@dataclass
class PlannedCustomer:
    """One customer row (`columns`, without id and team), its names and its history."""

    columns: dict[str, object]
    names: list[tuple[str, str]]
    """(key, kind) for every key the customer is found by (see `name_keys`)."""
    code_day: str
    followups: list[PlannedFollowUp]


class QuickRandom(random.Random):
    """Random with a cheaper draw of small integers (`choice`, `randrange`, `sample` all use
    it): a scaled float, whose bias of under 2**-40 does not matter for made-up data."""

    def _randbelow(self, n: int) -> int:
        return int(self.random() * n)


@dataclass
class _Skeleton:
    status: CustomerStatus
    created_at: datetime


def plan_book(
    options: BookOptions,
    *,
    rules: Rules,
    now: datetime,
    taken_codes: dict[str, int],
    taken_names: Iterable[str] = (),
) -> Iterator[PlannedCustomer]:
    """The customers, oldest first. `taken_codes` maps YYYYMMDD to the last code number
    already used that day (the code counters); it is updated as codes are handed out.
    `taken_names` are the normalised names the team's book already has."""
    if not options.owners:
        raise ValueError("at least one owner is needed")
    rng = QuickRandom(options.seed)
    skeletons = sorted(
        (_skeleton(rng, now) for _ in range(options.customers)), key=lambda s: s.created_at
    )
    seen_keys: set[str] = set(taken_names)
    earlier: list[str] = []
    for skeleton in skeletons:
        yield _customer(rng, options, skeleton, rules, now, taken_codes, seen_keys, earlier)


def _skeleton(rng: random.Random, now: datetime) -> _Skeleton:
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    newest, oldest = {
        CustomerStatus.LEAD: (timedelta(0), timedelta(days=180)),
        CustomerStatus.PROSPECT: (timedelta(days=3), timedelta(days=540)),
        CustomerStatus.DORMANT: (timedelta(days=200), _OLDEST_CUSTOMER),
    }.get(status, (timedelta(days=14), _OLDEST_CUSTOMER))
    age = newest + (oldest - newest) * rng.random()
    return _Skeleton(status, now - age)


def _customer(
    rng: random.Random,
    options: BookOptions,
    skeleton: _Skeleton,
    rules: Rules,
    now: datetime,
    taken_codes: dict[str, int],
    seen_keys: set[str],
    earlier: list[str],
) -> PlannedCustomer:
    chinese = rng.random() < 0.5
    individual = rng.random() < 0.05
    contact = person(rng, chinese=chinese)
    aliases: list[str]
    industry: str | None
    if individual:
        name, place, industry, aliases = contact.name, None, None, []
    else:
        name, place, industry, aliases = _company(rng, chinese, seen_keys, earlier)
    place = place or (
        words.CN_PLACES[rng.randrange(len(words.CN_PLACES))][1]
        if chinese
        else words.EN_PLACES[rng.randrange(len(words.EN_PLACES))][1]
    )
    key = normalize_name(name)
    if key in seen_keys:  # two customers of a team never share a name: tell them apart
        name, key = _told_apart(name, place.region, seen_keys)
    seen_keys.add(key)
    earlier.append(name)
    owner = options.owners[rng.randrange(len(options.owners))]
    value = _annual_value(rng)
    day = f"{skeleton.created_at.astimezone(options.zone):%Y%m%d}"
    taken_codes[day] = taken_codes.get(day, 0) + 1
    followups = _followups(rng, options, skeleton, owner, name, contact, chinese, now)
    times = [f.occurred_at for f in followups]
    last_activity = max(times) if times else None
    status = skeleton.status
    columns: dict[str, object] = {
        "code": f"C{day}{taken_codes[day]:03d}",
        "name": name,
        "name_key": key,
        "aliases": aliases,
        "customer_type": (CustomerType.INDIVIDUAL if individual else CustomerType.COMPANY).value,
        "industry": industry,
        "contact_name": contact.name,
        "contact_title": rng.choice(words.CN_TITLES if chinese else words.EN_TITLES),
        "phone": phone_number(rng, place),
        "email": _email(rng, contact, name, place),
        "region": place.region,
        "company_size": "1-10" if individual else rng.choice(COMPANY_SIZES),
        "source": rng.choice(SOURCES),
        "annual_value": value,
        "currency": options.currency,
        "status": status.value,
        "owner_id": owner,
        "needs": _needs(rng, chinese),
        "notes": None,
        "last_activity_at": last_activity,
        "tier": tier_for(value, rules).name,
        "activity_level": activity_for(times, now, rules).value,
        "risk": "high" if status == CustomerStatus.CHURNED and rng.random() < 0.3 else None,
        "status_before_dormant": (
            CustomerStatus.CUSTOMER.value if status == CustomerStatus.DORMANT else None
        ),
        "cadence_snoozed_until": None,
        "created_by": owner,
        "created_at": skeleton.created_at,
        "updated_by": owner,
        "updated_at": last_activity or skeleton.created_at,
    }
    names = [(k, kind.value) for k, kind in name_keys(name, list(aliases))]
    return PlannedCustomer(columns, names, day, followups)


def _told_apart(name: str, place: str, seen_keys: set[str]) -> tuple[str, str]:
    """The name with its city, or a number, as a team does for two customers of one name."""
    candidates = [f"{name} ({place})", *(f"{name} {n}" for n in range(2, len(seen_keys) + 3))]
    for candidate in candidates:
        key = normalize_name(candidate)
        if key not in seen_keys:
            return candidate, key
    raise AssertionError("unreachable: more candidates than names seen")


def _company(
    rng: random.Random, chinese: bool, seen_keys: set[str], earlier: list[str]
) -> tuple[str, words.Place | None, str, list[str]]:
    """A company name (about 3% near-duplicates of an earlier one), its place, industry and
    aliases."""
    if earlier and rng.random() < 0.03:
        name, place, industry, aliases = company_name(rng, chinese=chinese)
        return near_duplicate(rng, rng.choice(earlier)), place, industry, aliases
    for _attempt in range(50):
        name, place, industry, aliases = company_name(rng, chinese=chinese)
        if normalize_name(name) not in seen_keys:
            return name, place, industry, aliases
    return f"{name} {len(seen_keys)}", place, industry, aliases


def near_duplicate(rng: random.Random, name: str) -> str:
    """Another spelling of `name` that people would take for the same company."""
    for long, short in (("股份有限公司", "有限公司"), ("有限公司", "股份有限公司")):
        if name.endswith(long):
            return name[: -len(long)] + short
    for suffix in (" Inc.", " Inc", " Ltd", " LLC", " GmbH", " Corp", " Co., Ltd", " Limited"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + rng.choice((" Ltd", " Inc", " Co."))
    return name.upper() if name.isascii() else name + "公司"


def _annual_value(rng: random.Random) -> Decimal | None:
    """Mostly small accounts, a few large ones; 5% unknown."""
    if rng.random() < 0.05:
        return None
    low, high = rng.choices(
        [(1_000, 50_000), (50_000, 100_000), (100_000, 1_000_000), (1_000_000, 20_000_000)],
        weights=[50, 25, 20, 5],
    )[0]
    amount = math.exp(rng.uniform(math.log(low), math.log(high)))
    return Decimal(round(amount, -2)).quantize(Decimal("0.01"))


def _email(rng: random.Random, contact: Person, company: str, place: words.Place) -> str | None:
    if rng.random() < 0.1:
        return None
    local = contact.mail_name
    return f"{local}@{domain_for(company, contact, place)}".lower()


def _needs(rng: random.Random, chinese: bool) -> list[str]:
    pool = words.NEEDS + (words.CN_NEEDS if chinese else ())
    return rng.sample(pool, k=rng.choice((0, 1, 1, 2, 3)))


def _poisson(rng: random.Random, mean: float) -> int:
    threshold, count, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _followups(
    rng: random.Random,
    options: BookOptions,
    skeleton: _Skeleton,
    owner: str,
    name: str,
    contact: Person,
    chinese: bool,
    now: datetime,
) -> list[PlannedFollowUp]:
    status = skeleton.status
    start = max(skeleton.created_at, now - timedelta(days=options.history_days))
    end = now - timedelta(hours=1)
    if status in _ACTIVE:
        start = max(start, now - timedelta(days=170))
    elif status == CustomerStatus.DORMANT:
        end = now - timedelta(days=185)
    mean = options.followups_per * _FOLLOWUP_FACTOR[status] / _FACTOR_MEAN
    count = _poisson(rng, mean)
    if status in _ACTIVE and count == 0 and skeleton.created_at < now - timedelta(days=170):
        count = 1  # an active customer nobody talked to for half a year would be dormant
    if start >= end:
        return []
    times = sorted(_working_hours(rng, start, end, options.zone) for _ in range(count))
    if status in (CustomerStatus.CUSTOMER, CustomerStatus.PROSPECT) and rng.random() < 0.04:
        hot = max(start, now - timedelta(days=6))
        times += sorted(_working_hours(rng, hot, end, options.zone) for _ in range(3))
    planned: list[PlannedFollowUp] = []
    for n, at in enumerate(times):
        last = n == len(times) - 1
        churn = status == CustomerStatus.CHURNED and last
        method, english, chinese_text = rng.choice(
            words.CHURN_TEXTS if churn else words.FOLLOWUP_TEXTS
        )
        text = (chinese_text if chinese else english).format(contact=contact.short)
        author = (
            owner if rng.random() < 0.85 else options.owners[rng.randrange(len(options.owners))]
        )
        step = _step(
            rng, at, now, author, chinese, options.zone, last=last, active=status in _ACTIVE
        )
        typed = f"{name} {text}" + (f", next: {step.description}" if step else "")
        planned.append(PlannedFollowUp(author, at, FollowUpMethod(method).value, text, typed, step))
    return planned


def _working_hours(rng: random.Random, start: datetime, end: datetime, zone: ZoneInfo) -> datetime:
    """A moment between `start` and `end`, moved into the working day where the team is."""
    moment = start + (end - start) * rng.random()
    local = moment.astimezone(zone)
    at = datetime.combine(local.date(), time(9 + rng.randrange(9), rng.randrange(60)), zone)
    at = at.astimezone(UTC)
    return at if start <= at <= end else moment


def _step(
    rng: random.Random,
    at: datetime,
    now: datetime,
    author: str,
    chinese: bool,
    zone: ZoneInfo,
    *,
    last: bool,
    active: bool,
) -> PlannedStep | None:
    if rng.random() >= 0.5:
        return None
    english, chinese_text = rng.choice(words.NEXT_STEPS)
    due = at + timedelta(days=rng.randint(1, 21))
    has_time = rng.random() < 0.3
    if not has_time:  # due by the end of that day, where the team is
        local_day = due.astimezone(zone).date()
        due = datetime.combine(local_day, time(23, 59, 59), zone).astimezone(UTC)
    if last and active and (at > now - timedelta(days=30) or rng.random() < 0.3):
        status, completed = NextStepStatus.OPEN, None  # some of these are overdue by now
    elif rng.random() < 0.05 and active:
        status, completed = NextStepStatus.OPEN, None  # long overdue: what escalations are for
    elif rng.random() < 0.1 or not active:
        status, completed = NextStepStatus.CANCELLED, None
    else:
        status, completed = NextStepStatus.DONE, min(due, now - timedelta(minutes=5))
    return PlannedStep(
        owner_id=author,
        description=chinese_text if chinese else english,
        due_at=due,
        due_has_time=has_time,
        status=status.value,
        completed_at=completed,
    )
