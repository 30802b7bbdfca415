import pytest


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """The round trip commits for real, so it starts from freshly loaded reference data."""
