"""Terminal styling as a value: Style(color=False) is the identity, so renderers stay pure."""

from ..startup.namedtuples import NamedTuple

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
          "magenta": "35", "cyan": "36"}


class Style(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    color: bool = False
    width: int = 88  #: where prose is filled (capped for reading)
    columns: int = 0  #: the whole width, for tables (0: the same as `width`)

    @property
    def line_width(self) -> int:
        """The width prose is filled to: `width`, but never under 40 columns (narrower, nothing fits)."""
        return max(self.width, 40)

    @property
    def table_width(self) -> int:
        """The width a table may use: the whole terminal, and never less than prose."""
        return max(self.columns, self.line_width)

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"

    def wrap(self, text: str, indent: str = "  ", first: str = "") -> str:
        """Fill `text` to the width; `first` replaces the indent on the first line (a bullet)."""
        return fill(text, self.line_width, first or indent, indent)


def fill(text: str, width: int, first: str, indent: str) -> str:
    """textwrap.fill(" ".join(text.split()), width, initial_indent=first, subsequent_indent=indent,
    break_on_hyphens=False, break_long_words=False), exactly (a test holds them equal), without importing
    textwrap at every start: words are joined greedily by single spaces, and a word longer than the room
    gets a line of its own."""
    lines: list[str] = []
    words: list[str] = []
    used = 0
    for word in text.split():
        room = width - len(indent if lines else first)
        if words and used + 1 + len(word) > room:
            lines.append((indent if lines else first) + " ".join(words))
            words, used = [], 0
        used += len(word) + (1 if words else 0)
        words.append(word)
    if words:
        lines.append((indent if lines else first) + " ".join(words))
    return "\n".join(lines)


SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow",), "info": ("cyan",),
                  "must": ("red",), "should": ("yellow",)}
