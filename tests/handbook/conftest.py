from tests.counter.conftest import bereaved_household  # noqa: F401 - the shared fixture
