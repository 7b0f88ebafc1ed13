"""Join codes: short, typed on a phone, read off a projector from 8 metres."""
import secrets

# Left out because they are mistaken for each other when read aloud or from a
# wall: 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V, G/6.
JOIN_CODE_ALPHABET = "ACEFHJKMNPRTWXY3479"  # 19 characters: 19**6 = 47 million codes
JOIN_CODE_LENGTH = 6


def generate_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str | None:
    """What a person typed, as a code, or None when it cannot be one.

    People type lower case, add spaces or a dash ("ace-f34"); we accept that.
    """
    code = "".join(ch for ch in typed.upper() if not ch.isspace() and ch != "-")
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        return None
    return code
