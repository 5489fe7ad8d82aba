"""The single error type of the condition language and the unknown value."""

from __future__ import annotations

from typing import Final, final


class RuleError(ValueError):
    """A condition that cannot be parsed, typed or evaluated; the message is Japanese."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        """Keep the 0-based character offset of the problem in the expression text, if known."""
        where = f"{offset + 1}文字目: " if offset is not None else ""
        super().__init__(f"条件式の{where}{message}" if where else message)
        self.detail = message
        self.offset = offset


@final
class _Unknown:
    """The third truth value: a fact that is not known yet."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        # Treating unknown as false silently is the bug three-valued logic exists to prevent.
        raise TypeError("UNKNOWN has no truth value; compare with `is UNKNOWN`")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()
