"""`ask --answers FILE`: a YAML/JSON mapping of question ids to manifest values, checked in full.

Every problem is reported at once, each at its file:line:col: unknown question ids, invalid values,
required answers missing, and answers to questions that do not apply to the other answers (an error
rather than silently dropped: the file says something the manifest would not). Optional questions left
out stay out of the manifest; the terminal's defaults do not apply to a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import ManifestError
from ..findings import Finding
from ..inert import quoted
from ..manifest.safeyaml import Document, load_yaml
from ..rules import conditions as C
from ..suggest import did_you_mean
from .questionnaire import AnswerError, Questionnaire, fact_key
from .verdict import Issue

CHECK = "answers"


def _summary(q: Any) -> str:
    if q.kind == "text":
        return q.prompt
    return f"{q.prompt} one{' or more' if q.kind == 'many' else ''} of: {q.valid_words()}"


def answer_findings(doc: Document, questionnaire: Questionnaire) -> tuple[dict, list[Finding]]:
    """(answers to the questions that apply, findings); the answers are usable only without findings."""
    data = doc.data
    if not isinstance(data, dict):
        kind = "empty" if data is None else ("a list" if isinstance(data, list) else "a single value")
        return {}, [doc.finding(f"the answers file is {kind}; it must map question ids to answers, "
                                "e.g. 'caller: pos_terminal'", (), check=CHECK)]
    out: list[Finding] = []
    known = [q.id for q in questionnaire.questions]
    for key in data:
        if key not in questionnaire.by_id:
            out.append(doc.finding(f"unknown question {quoted(str(key))}{did_you_mean(str(key), known)}; "
                                   f"questions are: {', '.join(known)}", (key,), check=CHECK, key=True))
    given: dict[str, Any] = {}
    doubtful: set[str] = set()  # facts whose answer is invalid: what depends on them is not judged
    for q in questionnaire.questions:
        depends_on_doubt = bool(C.referenced_facts(q.condition) & doubtful)
        applies = q.predicate(fact_key(given))
        if q.id in data:
            try:
                value = questionnaire.check(q, data[q.id])
            except AnswerError as exc:
                out.append(doc.finding(str(exc), (q.id,), check=CHECK))
                doubtful.add(q.id)
                continue
            if applies:
                given[q.id] = value
            elif not depends_on_doubt and value is not None:
                out.append(doc.finding(
                    f'"{q.id}" does not apply here: it is asked only when {C.describe(q.condition)}; '
                    "remove it, or check the other answers", (q.id,), check=CHECK, key=True))
        elif applies and q.required and not depends_on_doubt:
            out.append(doc.finding(f'missing answer "{q.id}" ({_summary(q)})', (), check=CHECK))
    return given, out


def read_answers(raw: bytes, name: str, questionnaire: Questionnaire) -> tuple[dict, Document]:
    """(the answers in `raw` (YAML or JSON), its document), or ManifestError listing every problem."""
    doc = load_yaml(raw, name, require_mapping=False)
    answers, found = answer_findings(doc, questionnaire)
    if found:
        raise ManifestError(f"{name}: invalid answers", found)
    return answers, doc


def load_answers(raw: bytes, name: str, questionnaire: Questionnaire) -> dict:
    """The answers in `raw` (YAML or JSON), or ManifestError listing every problem."""
    return read_answers(raw, name, questionnaire)[0]


def verdict_findings(doc: Document, issues: Iterable[Issue]) -> list[Finding]:
    """The verdict's lint findings placed at the answers they point at, in the answers file. A
    blocker's message says which answer would make lint accept the manifest."""
    out = []
    for issue in issues:
        path: tuple = ()
        if issue.question is not None and isinstance(doc.data, dict) and issue.question in doc.data:
            path = (issue.question,)
            given = doc.data[issue.question]
            if issue.item is not None and isinstance(given, list) and issue.item in given:
                path = (issue.question, given.index(issue.item))
        message = issue.message
        if issue.fix is not None:
            message += f" (with {issue.fix.shown} lint accepts the manifest)"
        out.append(doc.finding(message, path, check=issue.check, severity=issue.severity))
    return out
