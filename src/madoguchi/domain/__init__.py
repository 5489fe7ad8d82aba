"""Pure domain logic: never imports Django or any app (see docs/architecture.md)."""
