"""Validated inputs and outputs shared by the API, the CLI and the services."""
