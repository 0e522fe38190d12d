"""The questionnaire's logic, pure: which question comes next, what an answer means, the manifest.

Questions are data (rules/questions.yaml). A question's id is the manifest field it fills: a fact
(caller, connector, ...; its values come from vocab through facts.FACTS, so questions cannot drift from
the schema) or a free-text field (name, description, owner). A question is asked when its `when:` holds
over the answers given to the questions before it. Answers map question ids to manifest values; None
means "not given" (an optional question skipped). No I/O, no YAML, no click: the terminal, the answers
file and the web page are thin layers over this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ..manifest import credentials, vocab
from ..manifest import facts as F
from ..rules import conditions as C
from ..suggest import did_you_mean

#: free-text manifest fields the questionnaire can fill, and where they go
TEXT_PATHS: dict[str, tuple[str, ...]] = {"name": ("name",), "description": ("description",),
                                          "owner": ("owner",)}
#: manifest fields every manifest needs: their questions are unconditional and required
REQUIRED_FIELDS = ("name", "caller")
TEXT_MAX = 2000  # the manifest's limit for description and owner
#: one line of printable text that YAML can carry: no control characters, no line or paragraph
#: separators (YAML 1.1 reads U+2028/U+2029 as line breaks), no lone surrogates, no byte-order mark,
#: no U+FFFE/U+FFFF
PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_NAME = re.compile(vocab.NAME_PATTERN)


def token(value: Any) -> str:
    """How a value is typed and shown: itself, or true/false for a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def slug(text: str) -> str:
    """A valid integration name close to `text` ("Acme POS #42" -> "acme-pos-42"), or ""."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:63].rstrip("-")


class AnswerError(ValueError):
    """An answer a question cannot take; the message says why and what would do."""


@dataclass(frozen=True)
class Choice:
    value: Any
    token: str
    explanation: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "text", "one" (one value) or "many" (a list of values)
    prompt: str
    help: str
    required: bool
    choices: tuple[Choice, ...]
    default: Any  # a value, a list of values for "many", or None
    placeholder: Optional[str]
    condition: C.Condition
    predicate: Callable[[tuple], bool]
    path: tuple[str, ...]

    def choice(self, word: str) -> Optional[Choice]:
        """The choice typed as `word`: its number (1-based) or its value, in any case."""
        word = word.strip()
        if word.isdigit() and 1 <= int(word) <= len(self.choices):
            return self.choices[int(word) - 1]
        return next((c for c in self.choices if c.token == word.lower()), None)

    def valid_words(self) -> str:
        return ", ".join(c.token for c in self.choices)


def kind_of(question_id: str) -> Optional[str]:
    """"text", "one" or "many" for a field the questionnaire can fill, else None."""
    if question_id in TEXT_PATHS:
        return "text"
    fact = F.BY_NAME.get(question_id)
    if fact is None:
        return None
    return "many" if fact.multi else "one"


def _build(defn: Any) -> Question:
    kind = kind_of(defn.id)
    if kind is None:
        raise ValueError(f"question {defn.id!r} fills no manifest field")
    choices: tuple[Choice, ...] = ()
    default: Any = None
    if kind == "text":
        path = TEXT_PATHS[defn.id]
    else:
        fact = F.BY_NAME[defn.id]
        path = fact.path
        choices = tuple(Choice(v, token(v), " ".join(defn.choices.get(token(v), "").split()))
                        for v in fact.values)
        by_token = {c.token: c.value for c in choices}
        if defn.default is not None:
            raw = defn.default if isinstance(defn.default, tuple) else (defn.default,)
            values = [by_token[token(r)] for r in raw]
            default = [c.value for c in choices if c.value in values] if kind == "many" else values[0]
    cond = C.parse(defn.when) if defn.when is not None else C.ALWAYS
    return Question(defn.id, kind, " ".join(defn.prompt.split()), " ".join(defn.help.split()),
                    defn.required, choices, default, defn.placeholder, cond, C.compile_condition(cond),
                    path)


def fact_key(answers: Mapping[str, Any]) -> tuple:
    """The fact key of the answers given so far (facts not answered are None)."""
    values = []
    for fact in F.FACTS:
        value = answers.get(fact.name)
        values.append(frozenset(value) if fact.multi and value is not None else value)
    return tuple(values)


class Questionnaire:
    """The questions of a rules table, ready to ask."""

    def __init__(self, definitions: Iterable[Any]) -> None:
        self.questions: tuple[Question, ...] = tuple(_build(d) for d in definitions)
        self.by_id: dict[str, Question] = {q.id: q for q in self.questions}

    def asked(self, answers: Mapping[str, Any]) -> list[Question]:
        """The questions that apply, in order: each one's condition is tested over the answers to the
        questions before it that apply (an answer to a question that does not apply counts for nothing)."""
        given: dict[str, Any] = {}
        out = []
        for q in self.questions:
            if q.predicate(fact_key(given)):
                out.append(q)
                if q.id in answers:
                    given[q.id] = answers[q.id]
        return out

    def next_question(self, answers: Mapping[str, Any]) -> Optional[Question]:
        """The first question that applies and has no answer yet; None when the questionnaire is done."""
        return next((q for q in self.asked(answers) if q.id not in answers), None)

    def check(self, q: Question, value: Any) -> Any:
        """The answer `value` (a manifest value) made canonical, or AnswerError saying what is wrong."""
        if value is None or (q.kind == "text" and isinstance(value, str) and not value.strip(" ")):
            if q.required:
                raise AnswerError(f"{q.id} is required" + ("" if q.kind == "text" else
                                                           f"; choose one of: {q.valid_words()}"))
            return None
        if q.kind == "text":
            return check_text(q.id, value)
        if q.kind == "many":
            return self._check_many(q, value)
        return self._check_one(q, value)

    @staticmethod
    def _check_one(q: Question, value: Any) -> Any:
        for c in q.choices:
            if type(c.value) is type(value) and c.value == value:
                return c.value
        words = [c.token for c in q.choices]
        hint = did_you_mean(str(value), words) if isinstance(value, str) else ""
        raise AnswerError(f"{q.id} cannot be {_shown(value)}{hint}; choose one of: {', '.join(words)}")

    def _check_many(self, q: Question, value: Any) -> list:
        if not isinstance(value, (list, tuple)):
            words = [c.token for c in q.choices]
            raise AnswerError(f"{q.id} is a list of values, such as [{', '.join(words[:2])}]; "
                              f"got {_shown(value)}")
        if not value:
            raise AnswerError(f"{q.id} lists nothing: give at least one of: {q.valid_words()}"
                              + ("" if q.required else " (or leave it out)"))
        picked = [self._check_one(q, item) for item in value]
        if len(set(picked)) != len(picked):
            raise AnswerError(f"{q.id} lists a value twice")
        return [c.value for c in q.choices if c.value in picked]

    def parse(self, q: Question, text: str) -> Any:
        """A typed answer (numbers or values; several, comma-separated, for a list) as a manifest value.
        An empty answer is None: the caller decides between the default and skipping."""
        text = text.strip(" ")
        if not text:
            return None
        if q.kind == "text":
            return self.check(q, text)
        words = [w for w in re.split(r"[,\s]+", text) if w] if q.kind == "many" else [text]
        picked = []
        for word in words:
            found = q.choice(word)
            if found is None:
                numbers = f"1-{len(q.choices)}" if len(q.choices) > 1 else "1"
                hint = did_you_mean(word, [c.token for c in q.choices])
                raise AnswerError(f"not a choice: {_shown(word)}{hint}; type a number {numbers} or one of: "
                                  f"{q.valid_words()}")
            if found.value not in picked:
                picked.append(found.value)
        return self.check(q, picked if q.kind == "many" else picked[0])

    def manifest(self, answers: Mapping[str, Any], method: Optional[str] = None) -> dict[str, Any]:
        """The manifest the answers describe, in the schema's field order (answers to questions that do
        not apply are left out). `method` is recorded as auth.method when given."""
        asked = {q.id: q for q in self.asked(answers)}
        values = {qid: answers[qid] for qid in asked if answers.get(qid) is not None}
        data: dict[str, Any] = {"authadvisor": vocab.SCHEMA_VERSION}
        for field in TEXT_PATHS:
            if field in values:
                data[field] = values[field]
        for section in ("capillary", "integration", "auth"):
            block: dict[str, Any] = {}
            if section == "auth" and method is not None:
                block["method"] = method
            for fact in F.FACTS:
                if fact.path[0] == section and fact.name in values:
                    block[fact.path[1]] = values[fact.name]
            if block:
                data[section] = block
        return data


def check_text(field: str, value: Any) -> str:
    """A free-text answer, trimmed of spaces, or AnswerError. Never echoes a credential."""
    if not isinstance(value, str):
        raise AnswerError(f"{field} must be text, got {_shown(value)}")
    text = value.strip(" ")
    if not PRINTABLE.fullmatch(text):
        raise AnswerError(f"{field} must be one line of printable text (no tabs, line breaks or control "
                          "characters)")
    kind = credentials.credential_value(text)
    if kind:
        raise AnswerError(f"{field} looks like {kind}; never put credentials in a manifest")
    if field == "name":
        if not _NAME.fullmatch(text):
            better = slug(text)
            hint = f' (try "{better}")' if better and _NAME.fullmatch(better) else ""
            raise AnswerError(f"name {_shown(text)} is not valid: use lowercase letters, digits and "
                              "hyphens, 1-63 characters, starting and ending with a letter or digit"
                              f"{hint}")
    elif len(text) > TEXT_MAX:
        raise AnswerError(f"{field} is longer than {TEXT_MAX} characters")
    return text


def _shown(value: Any) -> str:
    from ..manifest.validate import show_value

    return show_value(value)


class Session:
    """One run through the questionnaire: answers in the order given, `back` undoing the last one."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.answers: dict[str, Any] = {}
        self.history: list[str] = []
        self.remembered: dict[str, Any] = {}  # answers undone by back: the default when re-asked

    @property
    def current(self) -> Optional[Question]:
        return self.questionnaire.next_question(self.answers)

    @property
    def number(self) -> int:
        """The current question's number in this run (1-based)."""
        return len(self.history) + 1

    def default(self, q: Question) -> Any:
        return self.remembered.get(q.id, q.default)

    def answer(self, value: Any) -> None:
        q = self.current
        if q is None:
            raise AnswerError("the questionnaire is finished")
        self.answers[q.id] = self.questionnaire.check(q, value)
        self.history.append(q.id)

    def back(self) -> Optional[Question]:
        """Undo the last answer; the question to ask again, or None at the start."""
        if not self.history:
            return None
        qid = self.history.pop()
        self.remembered[qid] = self.answers.pop(qid)
        return self.questionnaire.by_id[qid]
