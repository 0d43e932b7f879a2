"""Recorded conversations and the evaluation runner."""
