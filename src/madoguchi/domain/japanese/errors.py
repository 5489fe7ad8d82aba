"""The one error type of the Japanese text and dates library."""


class JapaneseInputError(ValueError):
    """Raise for input that cannot be read; ``str(err)`` is a Japanese message for staff."""
