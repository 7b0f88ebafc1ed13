"""Domain errors carry a stable code; the delivery layer turns it into words."""


class DomainError(Exception):
    """A rule was broken. `code` is stable and documented in docs/API.md."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NotFound(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__("not_found", what=what)
