from dxpilot.funding.tests.cases import clock as clock  # noqa: F401 - the fixture
