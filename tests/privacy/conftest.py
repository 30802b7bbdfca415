from tests.challenges.conftest import PITCH, loneliness_challenge, pitch  # noqa: F401 - shared fixtures
