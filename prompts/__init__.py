"""Prompt texts and few-shot examples for the LLM parser."""
