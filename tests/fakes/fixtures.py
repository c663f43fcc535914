"""Pytest fixtures for the fakes: add `pytest_plugins = ["tests.fakes.fixtures"]` to a conftest,
or import the fixtures you need into a test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.line import FakeLineServer
from tests.fakes.sms import FakeSmsServer
from tests.fakes.telegram import FakeTelegramServer


@pytest.fixture
def line_server() -> Iterator[FakeLineServer]:
    with FakeLineServer() as server:
        yield server


@pytest.fixture
def telegram_server() -> Iterator[FakeTelegramServer]:
    with FakeTelegramServer() as server:
        yield server


@pytest.fixture
def sms_server() -> Iterator[FakeSmsServer]:
    with FakeSmsServer() as server:
        yield server
