from dxpilot.funding.tests.cases import clock as clock
