"""Finding doctors from what patients type: names with typos, specialties in their words, clinics.

Doctors and specialties number in the hundreds to low thousands, so they are
matched in Python with rapidfuzz (PostgreSQL here has no pg_trgm to do it in SQL),
against indexes built once per change of the doctors and kept under a digest of their
rows: a request reads the digest, not every doctor.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz

from db.engine import Reader
from services import catalog, dates
from services.catalog import ClinicOut, DoctorName, DoctorOut, DoctorSearchRow, SpecialtyOut
from services.errors import InvalidInput

MAX_QUERY_LENGTH = 100
# Longer messages are chatter, not a booking request; they are not scanned.
MAX_REQUEST_LENGTH = 200
MIN_SCORE = 80.0
# Results far below the best are noise: "cardiology" also scores 84 against Radiology.
_BELOW_BEST = 10.0
# A name found in a sentence without "dr" in front must be a very close match.
_BARE_NAME_SCORE = 90.0
# Below this length a synonym is only recognised exactly: "hear" is not "heart".
_FUZZY_TERM_LENGTH = 6

# Patient words for specialties, in one place. Each group lists a specialty as
# admins usually name it, its other spellings, and what patients call it.
SPECIALTY_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("cardiology", "cardiologist", "heart", "cardio"),
    ("dermatology", "dermatologist", "skin", "derm"),
    ("pediatrics", "paediatrics", "pediatrician", "paediatrician", "child", "children", "kids"),
    ("orthopedics", "orthopaedics", "orthopedist", "orthopaedist", "bones", "bone"),
    ("neurology", "neurologist"),
    ("general practice", "gp", "family doctor", "general practitioner", "family medicine"),
)
_TITLES = frozenset({"dr", "doctor", "doc", "prof", "professor"})
# Words of clinic names that say nothing about which clinic is meant.
_GENERIC_CLINIC_WORDS = frozenset(
    {"clinic", "clinics", "medical", "centre", "center", "health", "practice", "hospital", "the"}
)
# Words of booking requests that are never part of a doctor's name.
_REQUEST_WORDS = frozenset(
    {"i", "id", "im", "need", "want", "would", "like", "to", "see", "a", "an", "with", "at",
     "for", "me", "my", "please", "can", "could", "book", "appointment", "visit", "get", "is",
     "there", "any", "some", "and", "or", "be", "by", "as", "possible", "soon", "asap", "hi",
     "hello", "meet", "consult", "consultation", "specialist", "go", "am", "pm"}
)

_NOT_NAME_WORDS = (
    _REQUEST_WORDS
    | dates.DATE_WORDS
    | _TITLES
    | {word for group in SPECIALTY_SYNONYMS for term in group for word in term.split()}
)

Matched = Literal["name", "specialty", "clinic"]


class DoctorMatch(BaseModel):
    """One search hit: the doctor, how well they matched (0–100) and by what."""

    model_config = ConfigDict(frozen=True)

    doctor: DoctorOut
    score: float
    matched: Matched


class BookingIntent(BaseModel):
    """What a one-line booking request asks for; each part is None when not mentioned."""

    model_config = ConfigDict(frozen=True)

    specialty: SpecialtyOut | None
    doctor: DoctorOut | None
    day: date | None
    window: tuple[time, time] | None
    # The name as the patient wrote it ("smith"). When it fits several doctors
    # equally well, doctor is None and the caller offers them with
    # search_doctors(query=doctor_name).
    doctor_name: str | None = None
    # The day as asked, also when it cannot be booked (past, beyond the horizon): the
    # caller says why instead of silently searching without a day.
    asked_day: date | None = None
    # The clinics the sentence names by city or name ("in Boston"); empty means any.
    clinics: tuple[ClinicOut, ...] = ()
    # The day asked as each zone of the clinics the request may be about reads it (zone
    # name -> local date, bookable or not): at 03:00 in London "tomorrow" is Wednesday
    # there and Tuesday in Boston. Empty when the sentence names no day.
    local_days: dict[str, date] = {}


@dataclass(frozen=True)
class _SearchIndex:
    """What search_doctors scores, built once per change of the doctors: each bookable
    doctor's name and where in the lists of distinct specialties and clinics (with their
    cities) they stand, so a query scores each specialty and each clinic once."""

    doctors: list[tuple[DoctorSearchRow, int, int]]  # row, specialty's and clinic's place
    specialties: list[str]
    clinics: list[tuple[str, str]]  # name, city


# Search indexes by the digest of the rows they were built from (a few, as _NAME_INDEXES).
_SEARCH_INDEXES: dict[str, _SearchIndex] = {}


async def _search_index(session: Reader) -> _SearchIndex:
    """The index of the doctors as they are now: a request reads the rows' digest (one
    small aggregate), not the rows, unless they changed."""
    index = _SEARCH_INDEXES.get(await catalog.doctor_search_digest(session))
    if index is not None:
        return index
    digest, rows = await catalog.list_doctor_search_rows(session)
    specialties: dict[str, int] = {}
    clinics: dict[tuple[str, str], int] = {}
    doctors = [
        (
            row,
            specialties.setdefault(row.specialty, len(specialties)),
            clinics.setdefault((row.clinic, row.city), len(clinics)),
        )
        for row in rows
    ]
    index = _SearchIndex(doctors, list(specialties), list(clinics))
    if len(_SEARCH_INDEXES) >= _NAME_INDEXES_KEPT:
        _SEARCH_INDEXES.pop(next(iter(_SEARCH_INDEXES)))
    _SEARCH_INDEXES[digest] = index
    return index


async def search_doctors(session: Reader, *, query: str, limit: int = 10) -> list[DoctorMatch]:
    """Active doctors whose name, specialty or clinic matches the query, best first.

    The doctors are scored from an index kept under the digest of their rows (never
    stale), and only the doctors returned are read in full."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(code="search-too-long", limit=MAX_QUERY_LENGTH)
    words = _words(query)
    if len("".join(words)) < 2 or limit <= 0:
        return []
    index = await _search_index(session)
    specialty_scores = [_specialty_score(words, _specialty_terms(s)) for s in index.specialties]
    clinic_scores = [_clinic_score(words, name, city) for name, city in index.clinics]
    scored: list[tuple[float, Matched, DoctorSearchRow]] = []
    for row, specialty, clinic in index.doctors:
        # On equal scores the first wins: a name says more than a specialty or a place.
        candidates: list[tuple[float, Matched]] = [
            (_name_score(words, row.full_name), "name"),
            (specialty_scores[specialty], "specialty"),
            (clinic_scores[clinic], "clinic"),
        ]
        score, matched = max(candidates, key=lambda c: c[0])
        if score >= MIN_SCORE:
            scored.append((round(score, 1), matched, row))
    if not scored:
        return []
    best = max(score for score, _m, _r in scored)
    scored = [s for s in scored if s[0] >= best - _BELOW_BEST]
    scored.sort(key=lambda s: (-s[0], s[2].full_name.casefold()))
    scored = scored[:limit]
    found = await catalog.get_doctors(session, doctor_ids=[row.id for _s, _m, row in scored])
    return [
        DoctorMatch(doctor=found[row.id], score=score, matched=matched)
        for score, matched, row in scored
        if row.id in found and found[row.id].is_active and found[row.id].clinic_active
    ]


async def match_specialty(session: Reader, *, text: str) -> SpecialtyOut | None:
    """The bookable specialty a word or phrase is about ("skin", "cardiolgy"), if any."""
    if len(text) > MAX_REQUEST_LENGTH:
        return None
    return _best_specialty(_words(text), await catalog.list_specialties(session))


async def parse_booking_request(
    session: Reader,
    *,
    text: str,
    tz: ZoneInfo,
    now: datetime,
    horizon_days: int,
    clinics: Sequence[ClinicOut] | None = None,
) -> BookingIntent | None:
    """Reads "dermatologist next Monday morning"; None when it names no specialty or doctor.

    A date part that is unclear, past or beyond the horizon is left out (day None)
    rather than refused: the booking flow then simply asks for the day. `clinics`: the
    active clinics, when the caller has read them already.
    """
    if len(text) > MAX_REQUEST_LENGTH:
        return None
    words = _words(text)
    all_clinics = clinics if clinics is not None else await catalog.list_clinics(session)
    named_clinics, place_words = _clinics_in_sentence(words, all_clinics)
    words = [w for w in words if w not in place_words]  # "Boston" is nobody's name here
    index = await _name_index(session)
    specialty = _best_specialty(words, index.specialties)
    named, doctor_name = _doctor_in_sentence(words, index, specialty)
    doctor = await catalog.get_doctor(session, doctor_id=named.id) if named else None
    if specialty is None and doctor is None and doctor_name is None:
        return None
    asked = dates.mentioned_day(text, tz=tz, now=now)
    zones = (
        [doctor.timezone] if doctor is not None
        else sorted({c.timezone for c in named_clinics or all_clinics})
    )
    day = None
    if asked is not None:
        today = dates.local_today(now, tz)
        with contextlib.suppress(InvalidInput):  # past or beyond the horizon: day stays None
            day = dates.check_bookable_day(asked, today=today, horizon_days=horizon_days)
    return BookingIntent(
        specialty=specialty,
        doctor=doctor,
        day=day,
        window=dates.part_of_day(text),
        doctor_name=doctor_name,
        asked_day=asked,
        clinics=named_clinics,
        local_days=_days_by_zone(text, zones, now, known={tz.key: asked}) if asked else {},
    )


def _days_by_zone(
    text: str, zones: Sequence[str], now: datetime, *, known: dict[str, date]
) -> dict[str, date]:
    """The day the sentence names, read on each zone's clock (`known`: zones already read)."""
    days = {}
    for zone in zones:
        day = known.get(zone) or dates.mentioned_day(text, tz=ZoneInfo(zone), now=now)
        if day is not None:
            days[zone] = day
    return days


# --- scoring ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, so "Müller" is found by "muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _words(text: str) -> list[str]:
    # Apostrophes join ("O'Brien" → "obrien"); other punctuation separates.
    return re.findall(r"[^\W_]+", _fold(text).replace("'", "").replace("’", ""))


@functools.lru_cache(maxsize=1024)
def _specialty_terms(name: str) -> frozenset[str]:
    """The specialty's own name, its "-ologist" form and its synonym group."""
    folded = " ".join(_words(name))
    terms = {folded}
    if folded.endswith("ology"):
        terms.add(folded[:-1] + "ist")
    for group in SPECIALTY_SYNONYMS:
        if folded in group:
            terms.update(group)
    return frozenset(terms)


def _term_score(words: Sequence[str], term: str) -> float:
    """How well any run of words matches a term of the same number of words."""
    size = len(term.split())
    best = 0.0
    for start in range(len(words) - size + 1):
        window = " ".join(words[start : start + size])
        if len(term) < _FUZZY_TERM_LENGTH:
            score = 100.0 if window == term else 0.0
        else:
            score = fuzz.ratio(window, term)
        best = max(best, score)
    return best


def _specialty_score(words: Sequence[str], terms: Iterable[str]) -> float:
    return max((_term_score(words, term) for term in terms), default=0.0)


def _best_specialty(
    words: Sequence[str], specialties: Sequence[SpecialtyOut]
) -> SpecialtyOut | None:
    scored = [(_specialty_score(words, _specialty_terms(s.name)), s) for s in specialties]
    score, specialty = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return specialty if score >= MIN_SCORE else None


def _word_score(query_word: str, name_words: Sequence[str]) -> float:
    """The best match of one typed word against the words of a name."""
    best = 0.0
    for word in name_words:
        score = fuzz.ratio(query_word, word)
        # "smit" is the start of "smith": typing stopped early, not a different name.
        if len(query_word) >= 3 and word.startswith(query_word):
            score = max(score, 90.0)
        best = max(best, score)
    return best


def _all_words_score(query_words: Sequence[str], target_words: Sequence[str]) -> float:
    """Every typed word must find itself in the target: the mean of their best matches."""
    if not query_words or not target_words:
        return 0.0
    return sum(_word_score(w, target_words) for w in query_words) / len(query_words)


@functools.lru_cache(maxsize=16_384)
def _name_words(name: str) -> tuple[str, ...]:
    # Cached: every free-text request matches against every doctor's name.
    return tuple(w for w in _words(name) if w not in _TITLES)


def _name_score(words: Sequence[str], full_name: str) -> float:
    return _all_words_score([w for w in words if w not in _TITLES], _name_words(full_name))


def _clinics_in_sentence(
    words: Sequence[str], clinics: Sequence[ClinicOut]
) -> tuple[tuple[ClinicOut, ...], frozenset[str]]:
    """The clinics whose city, or whose own name, the sentence says in full."""
    said = set(words)
    named: list[ClinicOut] = []
    place: set[str] = set()
    for clinic in clinics:
        for phrase in (clinic.city, clinic.name):
            target = [w for w in _words(phrase) if w not in _GENERIC_CLINIC_WORDS]
            if target and set(target) <= said:
                named.append(clinic)
                place |= set(target)
                break
    return tuple(named), frozenset(place)


def _clinic_score(words: Sequence[str], clinic: str, city: str) -> float:
    query = [w for w in words if w not in _GENERIC_CLINIC_WORDS]
    target = [w for w in _words(f"{clinic} {city}") if w not in _GENERIC_CLINIC_WORDS]
    return _all_words_score(query, target)


@dataclass(frozen=True)
class _NameIndex:
    """The bookable doctors with their name words, every name word, which doctors (by
    position) have each, and the specialties they make bookable (as list_specialties)."""

    named: list[tuple[DoctorName, tuple[str, ...]]]
    vocabulary: frozenset[str]
    doctors_with: dict[str, list[int]]
    specialties: list[SpecialtyOut]


# Name indexes by the digest of the doctors they were built from (a few: tests and
# benchmarks use several databases in one process).
_NAME_INDEXES: dict[str, _NameIndex] = {}
_NAME_INDEXES_KEPT = 4


async def _name_index(session: Reader) -> _NameIndex:
    """The index of the doctors as they are now. Built when they change and known by the
    digest of their rows, so it is never stale: a request reads the digest, not the rows."""
    index = _NAME_INDEXES.get(await catalog.doctor_names_digest(session))
    if index is not None:
        return index
    digest, doctors = await catalog.list_doctor_names(session)
    named = [(doctor, _name_words(doctor.full_name)) for doctor in doctors]
    doctors_with: dict[str, list[int]] = {}
    for i, (_doctor, name_words) in enumerate(named):
        for word in dict.fromkeys(name_words):
            doctors_with.setdefault(word, []).append(i)
    counts = Counter((d.specialty_id, d.specialty) for d in doctors if d.specialty_active)
    specialties = [
        SpecialtyOut(id=i, name=name, doctor_count=n)
        for (i, name), n in sorted(counts.items(), key=lambda item: item[0][1])
    ]
    index = _NameIndex(named, frozenset(doctors_with), doctors_with, specialties)
    if len(_NAME_INDEXES) >= _NAME_INDEXES_KEPT:
        _NAME_INDEXES.pop(next(iter(_NAME_INDEXES)))
    _NAME_INDEXES[digest] = index
    return index


def _doctor_in_sentence(
    words: Sequence[str], index: _NameIndex, specialty: SpecialtyOut | None
) -> tuple[DoctorName | None, str | None]:
    """The doctor a request names ("dr smith", "Emma Smith"), and the words naming them.

    After a title ("dr", "doctor") up to three name words are read with the
    normal threshold; without a title only a very close match counts.
    """
    phrases: list[tuple[list[str], float]] = []
    for i, word in enumerate(words):
        if word in _TITLES:
            following = []
            for nxt in words[i + 1 : i + 4]:
                if nxt in _NOT_NAME_WORDS or any(ch.isdigit() for ch in nxt):
                    break
                following.append(nxt)
            if following:
                phrases.append((following, MIN_SCORE))
    if not phrases:
        candidates = [w for w in words if w not in _NOT_NAME_WORDS and len(w) >= 3 and w.isalpha()]
        for size in (2, 1):
            for start in range(len(candidates) - size + 1):
                phrases.append((candidates[start : start + size], _BARE_NAME_SCORE))
    named, vocabulary, doctors_with = index.named, index.vocabulary, index.doctors_with
    # Each typed word scored once against every distinct name word: most words of a
    # sentence match no name at all, and their phrases are dropped before the doctors.
    scores: dict[str, dict[str, float]] = {}
    for phrase, _ in phrases:
        for typed in phrase:
            if typed not in scores:
                scores[typed] = {w: _word_score(typed, [w]) for w in vocabulary}
    best_score, best_phrase, best_doctors = 0.0, None, []
    for phrase, threshold in phrases:
        # The mean reaches the threshold only if every word scores at least this.
        needed = threshold * len(phrase) - 100.0 * (len(phrase) - 1)
        if any(max(scores[typed].values(), default=0.0) < needed for typed in phrase):
            continue
        # Only doctors with a good enough name word for every typed word can reach it.
        reachable = set.intersection(*(
            {i for w, score in scores[typed].items() if score >= needed for i in doctors_with[w]}
            for typed in phrase
        ))
        for doctor, name_words in (named[i] for i in sorted(reachable)):
            score = sum(
                max((scores[typed][w] for w in name_words), default=0.0) for typed in phrase
            ) / len(phrase)
            if score < threshold or score < best_score:
                continue
            if score > best_score:
                best_score, best_phrase, best_doctors = score, phrase, []
            if doctor not in best_doctors:
                best_doctors.append(doctor)
    if not best_doctors:
        return None, None
    if len(best_doctors) > 1 and specialty is not None:
        # Two Dr Smiths, but the patient also said "dermatologist": that decides it.
        of_specialty = [d for d in best_doctors if d.specialty_id == specialty.id]
        best_doctors = of_specialty or best_doctors
    name = " ".join(best_phrase or ())
    return (best_doctors[0], name) if len(best_doctors) == 1 else (None, name)


def person_score(query: str, full_name: str) -> float:
    """How well a typed name matches a person's name (0–100), typos tolerated, as doctors'
    names are matched: every typed word must find itself in the name."""
    return _all_words_score(_words(query), _words(full_name))


def _best_of(scored: list[tuple[float, object]]) -> list:
    """The matches at or above MIN_SCORE, best first, without those far below the best."""
    scored = [(s, item) for s, item in scored if s >= MIN_SCORE]
    if not scored:
        return []
    best = max(s for s, _item in scored)
    return [item for s, item in sorted(scored, key=lambda p: -p[0]) if s >= best - _BELOW_BEST]


def doctors_named(query: str, doctors: Sequence[DoctorOut]) -> list[DoctorOut]:
    """The doctors of a list (a clinic's, say) whose name a typed name matches as
    search_doctors matches names — typos tolerated, titles ignored — best first."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(code="search-too-long", limit=MAX_QUERY_LENGTH)
    words = _words(query)
    if len("".join(words)) < 2:
        return []
    return _best_of([(_name_score(words, d.full_name), d) for d in doctors])


def clinics_named(query: str, clinics: Sequence[ClinicOut]) -> list[ClinicOut]:
    """The clinics a typed name may mean, best first: every typed word must find itself in
    the name ("central" is CareSlot Central; words such as "clinic" count only when the
    name has them too). More than one when the words do not tell them apart; a name typed
    in full is that clinic alone."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(code="search-too-long", limit=MAX_QUERY_LENGTH)
    words = _words(query)
    exact = [c for c in clinics if _words(c.name) == words]
    if exact or len("".join(words)) < 2:
        return exact
    telling = [w for w in words if w not in _GENERIC_CLINIC_WORDS]

    def score(name: str) -> float:
        own = _words(name)
        own_telling = [w for w in own if w not in _GENERIC_CLINIC_WORDS]
        return max(_all_words_score(words, own), _all_words_score(telling, own_telling))

    return _best_of([(score(c.name), c) for c in clinics])
