"""Phalang (พลัง)."""
