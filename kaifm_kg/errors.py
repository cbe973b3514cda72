"""The few errors the library raises; each maps to one CLI exit code."""


class KaifmError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 2


class InputError(KaifmError):
    """Unreadable or malformed input: a file, a parameter or a name (exit 2)."""

    exit_code = 2


class NotFoundError(InputError):
    """A name, IRI or query that does not exist (exit 2)."""


class ViolationError(KaifmError):
    """The data ran but broke a rule, e.g. SHACL violations (exit 1)."""

    exit_code = 1


class RemoteError(KaifmError):
    """A remote service (SPARQL endpoint) failed (exit 3)."""

    exit_code = 3


def first_line(error: BaseException) -> str:
    """The first line of an exception's reason or message (its class name if it has none), for one-line errors."""
    text = str(getattr(error, "reason", "") or error).strip()
    return text.splitlines()[0] if text else type(error).__name__
