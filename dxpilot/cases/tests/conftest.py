"""The fixed-clock fixture of the funding cases (funding.tests.cases), re-exported."""

from dxpilot.funding.tests.cases import clock as clock
