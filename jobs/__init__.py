"""Scheduled work: thin calls into registry services, run in their own process."""
