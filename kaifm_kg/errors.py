"""The few errors the library raises; each kind maps to one exit code (the CLI maps them in one place).

Messages speak in the library's own names: a bad value names its parameter (``param="timeout"``, or
``param="params.date"`` for a query parameter), never a command-line flag; the CLI turns the name
into the flag the user typed.
"""

EXIT_INTERNAL = 70  # an unexpected error: a bug (sysexits' EX_SOFTWARE)
_LIMIT = 200  # characters of a user's value quoted in a message
_MESSAGE_LIMIT = 1000  # characters of a whole message (a backstop: values are quoted cut short already)


class KaifmError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 2

    def __init__(self, message: str, *, param: str | None = None):
        super().__init__(message)
        self.message, self.param = message, param

    def __str__(self) -> str:
        return f"{self.param}: {self.message}" if self.param else self.message


class InputError(KaifmError):
    """Unreadable or malformed input: a file, a parameter or a name (exit 2)."""

    exit_code = 2


class NotFoundError(InputError):
    """A name, IRI or query that does not exist (exit 2)."""


class ViolationError(KaifmError):
    """The data ran but broke a rule, e.g. SHACL violations (exit 1); report is the text to show, if any."""

    exit_code = 1

    def __init__(self, message: str, *, report: str | None = None):
        super().__init__(message)
        self.report = report


class RemoteError(KaifmError):
    """A remote service (a SPARQL endpoint or graph store) failed (exit 3)."""

    exit_code = 3


def first_line(error: BaseException) -> str:
    """The first line of an exception's reason or message (its class name if it has none), for one-line errors."""
    text = str(getattr(error, "reason", "") or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def quoted(value: object, limit: int = _LIMIT) -> str:
    """repr(value) for a message, cut to about limit characters with the length of what was left out."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def shortened(message: str, limit: int = _MESSAGE_LIMIT) -> str:
    """message cut in the middle to about limit characters: the CLI's backstop for any message (a value in
    it from elsewhere, e.g. click's, quoted whole)."""
    if len(message) <= limit:
        return message
    half = limit // 2
    return f"{message[:half]}… ({len(message) - 2 * half} characters left out) …{message[-half:]}"
