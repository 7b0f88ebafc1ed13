"""What every socket payload must be before any handler looks at it.

Handlers check their own fields; this catches what would otherwise surface as a
server error deep in the database driver: a lone surrogate (UTF-8 cannot encode
it), a NUL character (PostgreSQL refuses it in text), an integer past what an id
column holds (PostgreSQL's integer is 32 bits, SQLite's 64), and nesting no
client of ours ever sends."""

MAX_DEPTH = 8
LARGEST_INTEGER = 2**31 - 1


def is_well_formed(payload: object) -> bool:
    pending = [(payload, 0)]  # a loop, not recursion: the nesting is what is being checked
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for item in value.keys())
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
                return False
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > LARGEST_INTEGER:
                return False
    return True
