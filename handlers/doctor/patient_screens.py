"""The screens of a doctor's own patients (pure functions): the list, a card, the question
before an assignment ends."""

from __future__ import annotations

from handlers import keyboards
from handlers.callbacks import Menu, MenuAction
from handlers.doctor.screens import earlier_lines, patient_block
from handlers.doctor_buttons import AssignEnd, PatientOpen, PatientsPage, PatientsSearch
from handlers.i18n import t
from handlers.screens import Screen
from services.my_patients import PatientCard, PatientLine, PatientPage


def _label(lang: str, line: PatientLine) -> str:
    if line.age is None:
        return line.name
    return f"{line.name}, {t(lang, 'doctor-age', age=line.age)}"


def patients(lang: str, page: PatientPage, note: str | None = None) -> Screen:
    """A page of the doctor's patients (or of those matching a search), each a button to
    their card."""
    if page.query is not None:
        key = "patients-found" if page.total else "patients-none-found"
        title = t(lang, key, query=page.query, count=page.total)
    else:
        title = (
            t(lang, "patients-title", count=page.total) if page.total else t(lang, "patients-none")
        )
    if page.pages > 1:
        title += "\n" + t(lang, "patients-page", page=page.page + 1, count=page.pages)
    text = "\n\n".join(x for x in (note, title) if x)
    grid = [
        [keyboards.button(_label(lang, line), PatientOpen(line.id, page.page))]
        for line in page.items
    ]
    moves = []
    if page.page > 0:
        moves.append(keyboards.button(t(lang, "prev"), PatientsPage(page.page - 1)))
    if page.page < page.pages - 1:
        moves.append(keyboards.button(t(lang, "next"), PatientsPage(page.page + 1)))
    if moves and page.query is None:
        grid.append(moves)
    last = [keyboards.button(t(lang, "patients-search"), PatientsSearch(page.page))]
    if page.query is not None:
        last.append(keyboards.button(t(lang, "patients-all"), PatientsPage(0)))
    last.append(keyboards.button(t(lang, "home"), Menu(MenuAction.HOME)))
    grid.append(last)
    return Screen(text, keyboards.markup(grid))


def search_ask(lang: str, page: int) -> Screen:
    back = keyboards.button(t(lang, "patients-all"), PatientsPage(page))
    return Screen(t(lang, "patients-search-ask"), keyboards.markup([[back]]))


def card(lang: str, info: PatientCard, page: int) -> Screen:
    """One of the doctor's patients: details and earlier visits with this doctor."""
    head = t(lang, "patients-card-title", patient=info.name)
    if info.age is not None:
        head += ", " + t(lang, "doctor-age", age=info.age)
    lines = [head, "", patient_block(lang, info), *earlier_lines(lang, info.earlier)]
    grid = [
        [keyboards.button(t(lang, "patients-end"), AssignEnd(info.id, False, page))],
        [keyboards.button(t(lang, "patients-back"), PatientsPage(page))],
    ]
    return Screen("\n".join(lines), keyboards.markup(grid))


def end_question(lang: str, name: str, patient_id, page: int) -> Screen:
    text = t(lang, "patients-end-ask", patient=name)
    grid = [
        [keyboards.button(t(lang, "patients-end-yes"), AssignEnd(patient_id, True, page))],
        [keyboards.button(t(lang, "back"), PatientOpen(patient_id, page))],
    ]
    return Screen(text, keyboards.markup(grid))
