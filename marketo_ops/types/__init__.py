"""Pydantic v2 models of the Marketo APIs, grouped by area; tolerant of unknown fields."""
