"""Hecha (核查): dynamic verification of construction enterprise qualifications."""

__version__ = "0.1.0"
