"""The hyphenated name used by the `madoguchi` command for the command in the module with underscores."""

from madoguchi.registry.management.commands.import_residents import Command

__all__ = ["Command"]
