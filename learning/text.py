"""One rule for text people type, shared by every form that stores it: control characters
(NUL included, which PostgreSQL cannot store) are refused with a plain-English reason, never
dropped silently; line breaks and tabs are allowed where the field is multi-line."""

from django.core.exceptions import ValidationError

CONTROL_CHARACTER = (
    "Remove the invisible control character from what you typed (it may have come with a "
    "copy and paste)."
)


def has_control_characters(value: str, *, multiline: bool = True) -> bool:
    allowed = "\n\r\t" if multiline else ""
    return any((ord(ch) < 32 and ch not in allowed) or ord(ch) == 127 for ch in value or "")


def refuse_control_characters(value: str, *, multiline: bool = True) -> None:
    if has_control_characters(value, multiline=multiline):
        raise ValidationError(CONTROL_CHARACTER, code="control_character")
