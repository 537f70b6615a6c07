"""Helpers every feature may use; they never import a feature."""
