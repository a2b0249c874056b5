"""Rendering of grading results: terminal tables now, HTML reports later."""
