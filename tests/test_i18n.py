"""The catalogues: complete in every language, formatting cleanly, and what the services raise."""

from __future__ import annotations

import ast
import logging
import pickle
import re
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from handlers import commands, i18n, keyboards, roles, visit_screens
from handlers.callbacks import ProfileField
from handlers.catalog_buttons import ClinicField, DoctorField
from handlers.i18n import LANGUAGES, Safe, t
from services import errors
from services.errors import DomainError, InvalidInput, NotFound, SlotTaken, TooLateToCancel
from services.series import Every, Problem

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ROOT / "services"
BERLIN = ZoneInfo("Europe/Berlin")
PLURAL_EDGES = (0, 1, 2, 5, 11, 21, 22)

# A variable name means one type in every message (so one sample fits them all).
NUMBERS = {
    "years", "total", "limit", "length", "horizon_days", "notice_minutes", "count",
    "min", "max", "max_days", "weekday", "month", "day_of_month", "minutes",
    "upcoming", "past", "unread", "age", "page", "hours", "closed", "created",
}
DATES = {
    "day": date(2026, 3, 14), "last": date(2027, 1, 2), "today": date(2026, 3, 11),
    "day_first": date(1990, 2, 1), "month_first": date(1990, 1, 2), "first": date(2026, 3, 9),
}
DATETIMES = {"when", "old", "until"}
TIMES = {
    "start", "end", "break_start", "break_end",
    "first_start", "first_end", "second_start", "second_end",
}
SAFE = {"next_free", "feature"}
TEXTS = {
    "name", "specialty", "clinic", "address", "query", "tz", "doctor", "reason", "ref",
    "what", "status", "phone", "birth", "allergies", "emergency", "field", "license_number",
    "zone", "roles", "city", "language", "accepted", "relation", "names", "patient", "text",
    "part",
    "time", "role", "before", "after",
}


def _number(name: str, n: int) -> int:
    if name == "weekday":
        return n % 7
    if name == "month":
        return n % 12 + 1
    if name == "day_of_month":
        return n % 31 + 1
    return n


def _sample(name: str, n: int = 3) -> object:
    if name in NUMBERS:
        return _number(name, n)
    if name in DATES:
        return DATES[name]
    if name in DATETIMES:
        return datetime(2026, 12, 8, 9, 30, tzinfo=BERLIN)
    if name in TIMES:
        return time(13, 0)
    if name in SAFE:
        return Safe("<i>x</i>")
    if name in TEXTS:
        return "Ann & Bo"
    raise AssertionError(f"no sample for ${name}: add it to one of the sets above")


# --- reading the catalogues as Fluent ASTs ---------------------------------------------------


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.selects: list[ftl.SelectExpression] = []

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_SelectExpression(self, node: ftl.SelectExpression) -> None:
        self.selects.append(node)
        self.generic_visit(node)


def _resource(lang: str, path: Path) -> ftl.Resource:
    return FluentParser().parse(path.read_text(encoding="utf-8"))


def _messages(lang: str) -> dict[str, tuple[str, ftl.Message]]:
    """Every message of a language: id → (file name, message)."""
    found: dict[str, tuple[str, ftl.Message]] = {}
    for path in i18n.catalogue_files(lang):
        for entry in _resource(lang, path).body:
            if isinstance(entry, ftl.Message | ftl.Term):
                assert entry.id.name not in found, f"{lang}: {entry.id.name} is defined twice"
                found[entry.id.name] = (path.name, entry)
    return found


def _variables(message: ftl.Message) -> _Variables:
    visitor = _Variables()
    visitor.visit(message)
    return visitor


CATALOGUES = {lang: _messages(lang) for lang in LANGUAGES}
ENGLISH = CATALOGUES["en"]


def test_every_file_parses_without_errors() -> None:
    for lang in LANGUAGES:
        files = i18n.catalogue_files(lang)
        assert [p.name for p in files] == ["errors.ftl", "main.ftl"], lang
        for path in files:
            junk = [e for e in _resource(lang, path).body if isinstance(e, ftl.Junk)]
            assert not junk, f"{lang}/{path.name}: {[j.content[:80] for j in junk]}"


@pytest.mark.parametrize("lang", ["es", "uk"])
def test_every_key_exists_in_every_language_and_file(lang: str) -> None:
    theirs = CATALOGUES[lang]
    assert sorted(set(ENGLISH) - set(theirs)) == []
    assert sorted(set(theirs) - set(ENGLISH)) == []
    assert {k: f for k, (f, _) in theirs.items()} == {k: f for k, (f, _) in ENGLISH.items()}


@pytest.mark.parametrize("lang", ["es", "uk"])
def test_every_message_takes_the_same_variables(lang: str) -> None:
    for key, (_, message) in ENGLISH.items():
        ours = _variables(message).names
        theirs = _variables(CATALOGUES[lang][key][1]).names
        assert theirs == ours, f"{lang}/{key}: {sorted(theirs)} ≠ {sorted(ours)}"


def test_every_variable_has_a_known_type() -> None:
    for key, (_, message) in ENGLISH.items():
        for name in _variables(message).names:
            _sample(name)  # raises for a name with no declared type
        assert key == key.lower() and re.fullmatch(r"[a-z][a-z0-9_-]*", key), key


def _plural_categories(lang: str) -> set[str]:
    return set(Locale.parse(lang).plural_form.tags) | {"other"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_selectors_use_the_languages_cldr_categories(lang: str) -> None:
    # Ukrainian needs one (1, 21), few (2–4, 22–24), many (0, 5–20); English and Spanish one.
    required = {"uk": {"one", "few", "many", "other"}}.get(lang, {"one", "other"})
    seen = 0
    for key, (_, message) in CATALOGUES[lang].items():
        for select in _variables(message).selects:
            selector = select.selector
            if not (isinstance(selector, ftl.VariableReference) and selector.id.name in NUMBERS):
                continue
            seen += 1
            keys = {v.key.name for v in select.variants if isinstance(v.key, ftl.Identifier)}
            assert keys <= _plural_categories(lang), f"{lang}/{key}: {keys}"
            assert required <= keys, f"{lang}/{key}: {sorted(required - keys)} missing"
            assert next(v for v in select.variants if v.default).key.name == "other", key
    assert seen >= 15


def _quiet(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == i18n.__name__]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats_cleanly_with_plural_edges(
    lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=i18n.__name__)
    for key, (_, message) in ENGLISH.items():
        names = _variables(message).names
        counts = PLURAL_EDGES if names & NUMBERS else (3,)
        for n in counts:
            text = t(lang, key, **{name: _sample(name, n) for name in names})
            assert text and "{" not in text and "???" not in text, (lang, key, n, text)
            assert "\u2068" not in text and "\u2069" not in text  # no bidi isolation marks
        assert _quiet(caplog) == [], (lang, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_argument_is_logged_by_name_not_raised(
    lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=i18n.__name__)
    text = t(lang, "welcome-back")
    assert text  # the best text there is, not an exception
    assert any("welcome-back" in m and "name" in m for m in _quiet(caplog))


def test_an_unknown_key_gives_the_key_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=i18n.__name__)
    assert t("uk", "no-such-message-anywhere") == "no-such-message-anywhere"
    assert any("no-such-message-anywhere" in m for m in _quiet(caplog))


def test_error_messages_are_plain_text() -> None:
    # Callback alerts show them, and alerts are not HTML.
    for lang in LANGUAGES:
        for key, (file, message) in CATALOGUES[lang].items():
            if file == "errors.ftl":
                assert key.startswith("error-"), key
                assert not re.search(r"<[a-z/]", ftl_text(message)), f"{lang}/{key}"


def ftl_text(message: ftl.Message) -> str:
    return "".join(
        e.value for e in message.value.elements if isinstance(e, ftl.TextElement)
    ) if message.value else ""


# --- escaping and argument types ---------------------------------------------------------------


def test_user_text_is_escaped_and_safe_html_is_not() -> None:
    text = t("es", "welcome-back", name="<b>Ana</b>")
    assert "&lt;b&gt;Ana&lt;/b&gt;" in text and "<b>&lt;b&gt;" in text
    assert t("en", "welcome-back", name=Safe("<i>Ana</i>")) == (
        "Welcome back, <b><i>Ana</i></b>. What would you like to do?"
    )
    assert t("en", "nothing-found", query="a & b") == (
        "I found no doctor for “a &amp; b”. Try another spelling, or choose from the list."
    )
    # Quotes stay as typed (quote=False): the text is never inside an attribute.
    assert 'O"Neil' in t("en", "registered", name='O"Neil')
    # A rendered message is Safe, so it can go inside another one unescaped.
    feature = t("uk", "feature-today")
    assert isinstance(feature, Safe)
    assert t("uk", "coming-soon", feature=feature) == (
        "«Список на сьогодні» зʼявиться в наступній версії CareSlot."
    )
    assert i18n.plain("en", "ics-caption", doctor="Dr <Lee> & Co") == (
        "Your appointment with Dr <Lee> & Co"
    )


def test_numbers_enums_dates_and_times_as_arguments() -> None:
    class Role(Enum):
        DOCTOR = "doctor"

    assert i18n.plain("en", "error-unknown-role", roles=Role.DOCTOR) == "Roles are: doctor."
    assert "2 years of experience" in t("en", "doctor-card", **_card(Decimal(2)))
    assert "1 year of experience" in t("en", "doctor-card", **_card(1))
    assert "<b>Ann</b>, Tuesday 8 December" in t(
        "en", "pick-time", name="Ann", day=date(2026, 12, 8), tz="Europe/Berlin"
    )
    appointment = datetime(2026, 12, 8, 9, 30, tzinfo=BERLIN)
    assert t("uk", "summary-move", old=appointment) == "🔁 Замість: вт, 8 грудня, 09:30"
    assert i18n.plain("en", "error-hours-end-before-start", start=time(9), end=time(8)) == (
        "Working hours must end after they start (09:00–08:00 was given)."
    )


def _card(years: object) -> dict[str, object]:
    return {
        "name": "Dr Lee", "specialty": "Dermatology", "years": years, "clinic": "North",
        "address": "1 Main St", "next_free": Safe("Tue 8 Dec, 09:30"),
    }


@pytest.mark.parametrize(
    ("years", "form"), [(1, "рік"), (2, "роки"), (5, "років"), (11, "років"), (21, "рік"),
                        (22, "роки"), (0, "років")]
)
def test_ukrainian_plural_forms_of_experience(years: int, form: str) -> None:
    line = t("uk", "doctor-card", **_card(years)).splitlines()[1]
    assert line == f"Dermatology · стаж {years} {form}"


def test_ukrainian_forms_differ_for_1_2_5() -> None:
    forms = {n: t("uk", "doctor-card", **_card(n)).splitlines()[1].split()[-1] for n in (1, 2, 5)}
    assert len(set(forms.values())) == 3


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", "es"), ("es-419", "es"), ("ES", "es"), ("uk", "uk"), ("uk-UA", "uk"),
        ("en", "en"), ("en-GB", "en"), ("ru", "en"), ("de", "en"), ("", "en"), (None, "en"),
        ("pt_BR", "en"), ("es_MX", "es"),
    ],
)
def test_language_for(code: str | None, expected: str) -> None:
    assert i18n.language_for(code) == expected


def test_language_names_each_in_its_own_language() -> None:
    assert i18n.LANGUAGE_NAMES == {"en": "English", "es": "Español", "uk": "Українська"}
    assert i18n.DEFAULT_LANGUAGE == "en" and i18n.LANGUAGES == ("en", "es", "uk")
    assert "English" in t("en", "language-changed")
    assert "español" in t("es", "language-changed")
    assert "українською" in t("uk", "language-changed")


# --- Babel formatting --------------------------------------------------------------------------


def test_when_in_every_language() -> None:
    morning = datetime(2026, 12, 8, 9, 30, tzinfo=BERLIN)
    assert i18n.when(morning, "en") == "Tue 8 Dec, 09:30"
    assert i18n.when(morning, "es") == "mar 8 dic, 09:30"
    assert i18n.when(morning, "uk") == "вт, 8 грудня, 09:30"
    # The wall clock of the datetime's own zone, 24-hour; the same instant elsewhere differs.
    evening = datetime(2026, 12, 8, 21, 5, tzinfo=ZoneInfo("America/New_York"))
    assert i18n.when(evening, "en") == "Tue 8 Dec, 21:05"
    assert i18n.when(morning.astimezone(ZoneInfo("UTC")), "en") == "Tue 8 Dec, 08:30"
    assert i18n.time_hm(morning) == "09:30" and i18n.time_hm(time(7, 5)) == "07:05"


def test_days_months_and_calendar_labels() -> None:
    day = date(2026, 12, 8)
    assert i18n.day_label(day, "en") == "Tuesday 8 December"
    assert i18n.day_label(day, "es") == "martes 8 de diciembre"
    assert i18n.day_label(day, "uk") == "вівторок, 8 грудня"
    assert i18n.month_title(day, "en") == "December 2026"
    assert i18n.month_title(day, "es") == "diciembre de 2026"
    assert i18n.month_title(day, "uk") == "грудень 2026"  # stand-alone, not "грудня"
    assert i18n.weekday_initials("en") == ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
    assert i18n.weekday_initials("es") == ("Lu", "Ma", "Mi", "Ju", "Vi", "Sa", "Do")
    assert i18n.weekday_initials("uk") == ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд")
    birth = date(1985, 3, 12)
    assert [i18n.short_date(birth, lang) for lang in LANGUAGES] == [
        "12.03.1985", "12/03/1985", "12.03.1985"
    ]
    assert i18n.day_label(day, "ru") == "Tuesday 8 December"  # unsupported: English


@pytest.mark.parametrize(
    ("minutes", "en", "uk"),
    [(30, "30 minutes", "30 хвилин"), (60, "1 hour", "1 година"), (90, "90 minutes", "90 хвилин"),
     (240, "4 hours", "4 години"), (1440, "1 day", "1 день"), (2880, "2 days", "2 дні")],
)
def test_durations_in_the_largest_exact_unit(minutes: int, en: str, uk: str) -> None:
    assert i18n.duration(minutes, "en") == en
    assert i18n.duration(minutes, "uk") == uk


# --- domain errors -----------------------------------------------------------------------------


def _raise_sites() -> list[tuple[str, str, set[str] | None]]:
    """(file, code, parameter names) of every `code="…"` in services; names None if unknown."""
    classes = {cls.__name__ for cls in _error_classes()}
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            code = keywords.get("code")
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            params = set(keywords) - {"code"} if name in classes else None
            found.append((path.name, code.value, params))
    return found


def _error_classes() -> list[type[DomainError]]:
    seen, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


RAISE_SITES = _raise_sites()


def test_the_services_raise_with_codes() -> None:
    codes = {code for _, code, _ in RAISE_SITES}
    assert len(codes) >= 60
    for _, code, _ in RAISE_SITES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
    # No sentence is raised any more: a DomainError is given a code or nothing.
    for path in sorted(SERVICES.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        sentences = re.findall(
            r"raise (?:NotFound|NotAllowed|InvalidInput|Conflict|SlotTaken|SlotOverlap|"
            r"PatientBusy|BookingWindowClosed|TooLateToCancel|DailyLimitReached)\(f?[\"']",
            source,
        )
        assert sentences == [], path.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_raised_code_and_every_class_has_an_entry(lang: str) -> None:
    keys = set(CATALOGUES[lang])
    missing = sorted({f"error-{code}" for _, code, _ in RAISE_SITES} - keys)
    assert missing == []
    generic = sorted({f"error-{cls.code}" for cls in _error_classes()} - keys)
    assert generic == []
    for cls in _error_classes():  # generic sentences need no parameters
        assert _variables(CATALOGUES[lang][f"error-{cls.code}"][1]).names == set()


def test_raise_sites_pass_exactly_the_parameters_the_catalogue_uses() -> None:
    checked = 0
    for file, code, params in RAISE_SITES:
        if params is None:
            continue
        used = _variables(ENGLISH[f"error-{code}"][1]).names
        assert params == used, f"{file}: {code} passes {sorted(params)}, uses {sorted(used)}"
        checked += 1
    assert checked >= 60


def test_too_late_codes_take_clinic_notice_and_phone() -> None:
    for verb in ("cancel", "move", "change"):
        used = _variables(ENGLISH[f"error-too-late-to-{verb}"][1]).names
        assert used == {"clinic", "notice_minutes", "phone"}


def test_an_error_carries_a_code_and_typed_params_and_str_is_the_code() -> None:
    error = TooLateToCancel(
        code="too-late-to-cancel", clinic="North", notice_minutes=240, phone="+442079460958"
    )
    assert (error.code, error.params["notice_minutes"]) == ("too-late-to-cancel", 240)
    assert str(error) == "too-late-to-cancel" and "+44" not in repr(error)
    assert TooLateToCancel.code == "too-late" and SlotTaken().code == "slot-taken"
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.code, again.params) == (TooLateToCancel, error.code, error.params)


def test_error_text_in_every_language() -> None:
    error = TooLateToCancel(
        code="too-late-to-cancel", clinic="North & Co", notice_minutes=240, phone="+442079460958"
    )
    assert i18n.error_text("en", error) == (
        "It is too late to cancel this visit in the bot: North &amp; Co takes changes only up "
        "to 4 hours before a visit. Please call the clinic on +442079460958."
    )
    assert i18n.error_plain("en", error).startswith("It is too late to cancel this visit")
    assert "North & Co takes changes" in error.message  # plain English for the current handlers
    assert "4 horas de antelación" in i18n.error_text("es", error)
    assert "4 години" in i18n.error_text("uk", error)
    no_phone = TooLateToCancel(
        code="too-late-to-move", clinic="North", notice_minutes=1440, phone=None
    )
    assert i18n.error_text("en", no_phone).endswith(
        "takes changes only up to 1 day before a visit. Please call the clinic."
    )
    assert i18n.error_text("uk", no_phone).endswith("зателефонуйте до клініки.")


def test_dates_in_errors_are_said_in_the_users_language() -> None:
    mismatch = InvalidInput(
        code="weekday-mismatch", day=date(2026, 3, 14), weekday=4, today=date(2026, 3, 11)
    )
    assert mismatch.message == "14 March is a Saturday, not a Friday. Please send the day again."
    assert i18n.error_text("es", mismatch).startswith("El 14 de marzo es sábado, no viernes.")
    assert i18n.error_text("uk", mismatch).startswith("14 березня — це субота, а не пʼятниця.")
    past = InvalidInput(code="date-passed", day=date(2025, 3, 14), today=date(2026, 3, 11))
    assert "(Friday 14 March 2025)" in past.message  # another year: it is said
    this_year = InvalidInput(code="date-passed", day=date(2026, 3, 1), today=date(2026, 3, 11))
    assert "(Sunday 1 March)" in this_year.message
    assert "(неділя, 1 березня)" in i18n.error_text("uk", this_year)


def test_unknown_codes_and_bad_params_fall_back_to_the_class_sentence(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert NotFound("no-such-code").message == "That record no longer exists."
    assert i18n.error_text("uk", NotFound("no-such-code")) == "Цього запису більше не існує."
    caplog.set_level(logging.WARNING, logger=i18n.__name__)
    missing = InvalidInput(code="date-passed")  # the day is missing
    assert missing.message == "That value is not valid."
    # The log names the key and the missing parameter, never a value.
    secret = InvalidInput(code="doctor-fully-booked", doktor="Dr Secret")
    assert secret.message == "That value is not valid."
    assert not any("Secret" in m for m in _quiet(caplog))
    assert any("error-date-passed" in m for m in _quiet(caplog))


def test_message_without_a_renderer_is_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "renderer", None)
    assert InvalidInput(code="bad-phone").message == "bad-phone"


def test_services_import_neither_telegram_nor_handlers() -> None:
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )
            for name in names:
                assert not name.startswith(("telegram", "handlers")), f"{path.name}: {name}"


# --- every key the code asks for -------------------------------------------------------------

_CALLS = ("t", "plain")
# Keys the code builds from a prefix and a value: each family's members, all of them.
_FAMILIES = {
    "status-": [s for s in ("scheduled", "confirmed", "arrived", "completed", "cancelled",
                            "no_show")],
    "profile-field-": [f.value for f in ProfileField],
    "cancel-reason-": [str(i) for i in range(visit_screens.CANCEL_REASONS)],
    "feature-": [entry.value for entry, _action in roles.FEATURES.values()],
    "help-": list(keyboards.MENUS),
    "role-": ["patient", "doctor", "staff", "admin"],
    "repeat-every-": [e.value for e in Every],
    "repeat-why-": [p.value for p in Problem],
    "staff-status-": ["active", "inactive", "on_leave"],
    "clinic-field-": [f.value for f in ClinicField if f is not ClinicField.PICK],
    "clinic-ask-": [f.value for f in ClinicField if f is not ClinicField.PICK],
    "doctor-field-": [f.value for f in DoctorField if f is not DoctorField.PICK],
    "doctor-ask-": [f.value for f in DoctorField if f is not DoctorField.PICK],
}  # fmt: skip


def _literal_keys() -> set[str]:
    """Every key passed as a literal to t() / plain() in handlers/ and benchmarks/."""
    found: set[str] = set()
    root = Path(__file__).resolve().parents[1]
    for path in [*(root / "handlers").rglob("*.py"), *(root / "benchmarks").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            key = node.args[1]
            if name in _CALLS and isinstance(key, ast.Constant) and isinstance(key.value, str):
                found.add(key.value)
    return found


def _all_keys_used() -> set[str]:
    keys = _literal_keys()
    keys |= {prefix + member for prefix, members in _FAMILIES.items() for member in members}
    for role, entries in keyboards.MENUS.items():
        keys |= {f"menu-{role}-{entry.value}" for entry in entries}
    for role, names in commands.COMMANDS.items():
        keys |= {f"command-{role}-{c}" for c in names}
    return keys


def test_every_key_the_code_uses_is_in_every_catalogue() -> None:
    keys = _all_keys_used()
    assert len(keys) > 120
    for lang in LANGUAGES:
        missing = sorted(k for k in keys if not i18n.has_in(lang, k))
        assert missing == [], f"{lang}: {missing}"


def test_an_unclear_date_is_answered_with_forms_the_parser_reads() -> None:
    # services.dates reads English words and numeric dates: every language offers 12.05.
    assert "“next Friday”" in i18n.error_plain("en", InvalidInput(code="date-unclear"))
    for lang in LANGUAGES:
        assert "12.05" in i18n.error_plain(lang, InvalidInput(code="date-unclear"))


def test_a_preformatted_day_is_shown_as_given() -> None:
    # The Ukrainian sentence says the day with DAY_MONTH($day); a caller that formatted the
    # day itself still gets a readable sentence, and a date object the natural one.
    given = t("uk", "none-that-day", name="Dr Lee", day="8 грудня")
    assert given.startswith("<b>Dr Lee</b>: на 8 грудня вільного часу немає.")
    assert t("uk", "none-that-day", name="Dr Lee", day=date(2026, 12, 8)) == given
